import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background/app';
import {
  ACCOUNT_RETRY_ALARM,
  ensureBackgroundSetup,
  SAVES_WAKE_ALARM,
  STATUS_CHECKS_ALARM,
  SWEEP_ALARM,
  WAKE_ALARM,
} from '../lib/background/setup';
import { suggestOwnFilenames } from '../lib/downloads/determine-filename';

export default defineBackground(() => {
  // Every listener is registered synchronously: the event that woke the worker must not be missed.
  const app = startBackground();
  browser.runtime.onMessage.addListener(app.onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  browser.tabs.onRemoved.addListener((tabId) => app.tabClosed(tabId));
  browser.tabs.onActivated.addListener(({ tabId }) => app.tabActivated(tabId));
  browser.downloads.onChanged.addListener((delta) => void app.onDownloadChanged(delta));
  suggestOwnFilenames(browser.runtime.id, app.filenameFor);
  browser.contextMenus.onClicked.addListener((info, tab) => void app.onMenuClick(info, tab));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SWEEP_ALARM) void app.sweep();
    if (alarm.name === WAKE_ALARM || alarm.name === SAVES_WAKE_ALARM) void app.resumeDownloads();
    if (alarm.name === ACCOUNT_RETRY_ALARM) void app.retryAccount();
    if (alarm.name === STATUS_CHECKS_ALARM) void app.resumeChecks();
  });
  // Jobs running when the browser closed carry on at its next start, with no page open.
  browser.runtime.onStartup.addListener(() => void app.resumeDownloads());
  browser.runtime.onInstalled.addListener(() => void ensureBackgroundSetup({ menus: true }));
  void ensureBackgroundSetup({ menus: false });
});
