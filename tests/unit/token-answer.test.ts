import { describe, expect, it } from 'vitest';
import { readTokenAnswer } from '../../lib/account/token-answer';
import { asTokenFailure, isTokenServiceDown, serviceDown } from '../../lib/account/token-trouble';
import { AlipanError } from '../../lib/api/errors';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJ1c2VySWQiOiJ1MSJ9.c2lnbmF0dXJl';
const HEX = '0123456789abcdef0123456789abcdef';

describe('readTokenAnswer', () => {
  it('takes a web answer (§1) and an open answer without expires_in (§2)', () => {
    expect(readTokenAnswer({ access_token: JWT, refresh_token: HEX, expires_in: 7200, user_id: 'u1' })).toEqual({
      accessToken: JWT,
      refreshToken: HEX,
      expiresInSec: 7200,
      userId: 'u1',
    });
    expect(readTokenAnswer({ access_token: JWT, refresh_token: JWT })).toMatchObject({ expiresInSec: 7200 });
  });

  it('refuses a WAF or captive-portal page, a missing or empty token, and text that is no token', () => {
    const answers: unknown[] = [
      '<html><body>Access denied</body></html>',
      undefined,
      {},
      { access_token: JWT },
      { access_token: JWT, refresh_token: '' },
      { access_token: JWT, refresh_token: 42 },
      { access_token: '<html>', refresh_token: HEX },
      { access_token: JWT, refresh_token: `${HEX} ${HEX}` },
      { access_token: JWT, refresh_token: 'x'.repeat(10_000) },
    ];
    for (const answer of answers) {
      expect(() => readTokenAnswer(answer)).toThrow(
        expect.objectContaining({ code: 'TokenAnswer.Malformed', category: 'network' }),
      );
    }
  });
});

describe('asTokenFailure', () => {
  const err = (code: string, category: AlipanError['category'], status?: number) =>
    new AlipanError({ code, category, status });

  it('keeps a refused token as "sign in again", and makes relay, network and malformed trouble transient', () => {
    const refused = err('InvalidParameter.RefreshToken', 'sign-in-needed', 400);
    expect(asTokenFailure(refused, 'web')).toBe(refused);
    expect(serviceDown(asTokenFailure(err('RenewApi.Failed', 'network', 500), 'relay'))).toBe('relay');
    expect(serviceDown(asTokenFailure(err('HTTP502', 'unknown', 502), 'web'))).toBe('web');
    expect(serviceDown(asTokenFailure(err('TooManyRequests', 'rate-limited', 429), 'app'))).toBe('app');
    expect(isTokenServiceDown(asTokenFailure(err('TokenAnswer.Malformed', 'network'), 'web'))).toBe(true);
  });

  it('passes through what neither refuses the token nor is transient (a setting the service rejects)', () => {
    const bad = err('InvalidParameter.ClientId', 'unknown', 400);
    expect(asTokenFailure(bad, 'app')).toBe(bad);
  });
});
