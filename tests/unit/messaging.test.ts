import { describe, expect, it, vi } from 'vitest';
import { createRouter, type Handlers } from '../../lib/messaging/router';
import { classifySender } from '../../lib/messaging/sender';

const self = { runtimeId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id' };
const page = { id: 'ext-id', origin: 'chrome-extension://ext-id', url: 'chrome-extension://ext-id/options.html' };
const pageInTab = { ...page, tab: { id: 3 } };
const content = { id: 'ext-id', origin: 'https://forum.example', url: 'https://forum.example/t/1', tab: { id: 4 } };
const otherExtension = { id: 'evil', origin: 'chrome-extension://evil' };

describe('classifySender', () => {
  it('tells extension pages, content scripts and strangers apart', () => {
    expect(classifySender(page, self.runtimeId, self.extensionOrigin)).toBe('extension-page');
    expect(classifySender(pageInTab, self.runtimeId, self.extensionOrigin)).toBe('extension-page');
    expect(classifySender(content, self.runtimeId, self.extensionOrigin)).toBe('content-script');
    expect(classifySender(otherExtension, self.runtimeId, self.extensionOrigin)).toBe('untrusted');
    expect(classifySender({ id: 'ext-id' }, self.runtimeId, self.extensionOrigin)).toBe('untrusted');
  });

  it('falls back to the url origin when the browser gives no origin (Firefox)', () => {
    expect(
      classifySender(
        { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' },
        self.runtimeId,
        self.extensionOrigin,
      ),
    ).toBe('extension-page');
  });
});

describe('router', () => {
  const handlers = () =>
    ({
      'account.get': vi.fn(async () => ({ state: 'signed-out' })),
      'account.save': vi.fn(async () => ({ state: 'ok' })),
      'account.check': vi.fn(async () => {
        throw new Error('boom');
      }),
      'account.signOut': vi.fn(async () => ({ state: 'signed-out' })),
    }) as unknown as Handlers;

  it('answers privileged messages from extension pages', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    expect(await route({ type: 'account.save', data: { webRefreshToken: 'x' } }, page)).toEqual({
      ok: true,
      result: { state: 'ok' },
    });
    expect(h['account.save']).toHaveBeenCalledWith({ webRefreshToken: 'x' }, page);
  });

  it('refuses privileged messages from content scripts and other extensions', async () => {
    const h = handlers();
    const route = createRouter(h, self);
    for (const sender of [content, otherExtension]) {
      const reply = await route({ type: 'account.get', data: undefined }, sender);
      expect(reply).toMatchObject({ ok: false, error: { code: 'Forbidden.Sender' } });
    }
    expect(h['account.get']).not.toHaveBeenCalled();
  });

  it('ignores unknown messages and serialises failures', async () => {
    const route = createRouter(handlers(), self);
    expect(route({ type: 'nope' }, page)).toBeUndefined();
    expect(route('junk', page)).toBeUndefined();
    expect(await route({ type: 'account.check', data: undefined }, page)).toMatchObject({
      ok: false,
      error: { code: 'Internal', category: 'unknown' },
    });
  });
});
