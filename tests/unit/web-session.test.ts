import { describe, expect, it } from 'vitest';
import { readWebAppToken, refreshTokenFromWebStorage } from '../../lib/account/web-session';

describe('web session import', () => {
  const token = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6';

  it("takes refresh_token from the web app's stored JSON", () => {
    const raw = JSON.stringify({ access_token: 'eyJ…', refresh_token: token, user_id: 'u1', default_drive_id: '1' });
    expect(refreshTokenFromWebStorage(raw)).toBe(token);
  });

  it('refuses anything that is not a signed-in session', () => {
    for (const raw of [
      null,
      '',
      'not json',
      '{}',
      JSON.stringify({ refresh_token: 'short' }),
      JSON.stringify({ refresh_token: 42 }),
    ]) {
      expect(refreshTokenFromWebStorage(raw)).toBeUndefined();
    }
  });

  it('reads localStorage.token in the tab', () => {
    localStorage.setItem('token', JSON.stringify({ refresh_token: token }));
    expect(refreshTokenFromWebStorage(readWebAppToken())).toBe(token);
    localStorage.clear();
    expect(readWebAppToken()).toBeNull();
  });
});

describe('findWebSessionToken', () => {
  it('uses the first signed-in tab and skips signed-out ones', async () => {
    const { findWebSessionToken } = await import('../../lib/account/web-session');
    const stored: Record<number, unknown> = { 1: null, 2: JSON.stringify({ refresh_token: 'f'.repeat(32) }) };
    const token = await findWebSessionToken({
      findTabs: async () => [1, 2, 3],
      readStoredToken: async (id) => stored[id] ?? null,
    });
    expect(token).toBe('f'.repeat(32));
    expect(await findWebSessionToken({ findTabs: async () => [], readStoredToken: async () => null })).toBeUndefined();
  });
});
