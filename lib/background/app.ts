import browser from 'webextension-polyfill';
import { AccountService } from '../account/account-service';
import { createTransport } from '../api/transport';
import { createRouter } from '../messaging/router';
import { originOf } from '../messaging/sender';
import type { AccountChangedEvent } from '../messaging/protocol';
import { extensionLocalStore, lockLocalStorageToTrustedContexts } from '../platform/browser-store';

/**
 * Composes the background's services. Called once per worker start: every global here is gone
 * when the browser stops the idle worker, so all state that matters lives in storage.
 */
export function startBackground() {
  const ready = lockLocalStorageToTrustedContexts().catch(() => false);
  const transport = createTransport();
  const account = new AccountService({ transport, store: extensionLocalStore() });

  account.onChange((view) => {
    const event: AccountChangedEvent = { type: 'event.accountChanged', view };
    // Only extension pages listen; with none open the browser rejects, which is fine.
    browser.runtime.sendMessage(event).catch(() => {});
  });

  const gated =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await ready;
      return fn(...args);
    };

  const onMessage = createRouter(
    {
      'account.get': gated(() => account.view()),
      'account.save': gated((data) => account.save(data)),
      'account.check': gated(() => account.check()),
      'account.signOut': gated(() => account.signOut()),
    },
    { runtimeId: browser.runtime.id, extensionOrigin: originOf(browser.runtime.getURL('/'))! },
  );

  return { onMessage, account };
}
