import browser from 'webextension-polyfill';
import { t } from '../i18n';
import { MENU_ITEMS } from '../menu/context-menu';

export const SWEEP_ALARM = 'sweep-temp-folder';
/** Set by the download pipeline when a file waits (a retry, a free slot) longer than the worker may live. */
export const WAKE_ALARM = 'downloads-wake';
/** Set while badge checks wait for the per-minute caps: a worker stopped meanwhile resumes them. */
export const STATUS_CHECKS_ALARM = 'status-checks';
/** Kept a minute ahead while a save runs: a worker stopped mid-save starts again and carries it on. */
export const SAVES_WAKE_ALARM = 'saves-wake';
/** Set by the account when a token service could not be reached: the retry may outlive the worker. */
export const ACCOUNT_RETRY_ALARM = 'account-retry';
/** Leftover copies are swept this often (chrome.alarms: timers do not survive the worker). */
const SWEEP_PERIOD_MIN = 15;

/** Alarms are re-ensured on every worker start; menus are created once per install/update. */
export async function ensureBackgroundSetup(opts: { menus: boolean }): Promise<void> {
  if (!(await browser.alarms.get(SWEEP_ALARM))) {
    await browser.alarms.create(SWEEP_ALARM, { periodInMinutes: SWEEP_PERIOD_MIN, delayInMinutes: 1 });
  }
  if (!opts.menus) return;
  await browser.contextMenus.removeAll();
  for (const item of MENU_ITEMS) {
    browser.contextMenus.create({
      id: item.id,
      title: t(item.titleKey),
      contexts: item.contexts,
      ...(item.targetUrlPatterns ? { targetUrlPatterns: item.targetUrlPatterns } : {}),
    });
  }
}
