import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background/app';
import { ensureBackgroundSetup, SWEEP_ALARM } from '../lib/background/setup';

export default defineBackground(() => {
  // Every listener is registered synchronously: the event that woke the worker must not be missed.
  const app = startBackground();
  browser.runtime.onMessage.addListener(app.onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  browser.tabs.onRemoved.addListener((tabId) => void app.tabs.remove(tabId));
  browser.downloads.onChanged.addListener((delta) => void app.onDownloadChanged(delta));
  browser.contextMenus.onClicked.addListener((info, tab) => void app.onMenuClick(info, tab));
  browser.alarms.onAlarm.addListener((alarm) => alarm.name === SWEEP_ALARM && void app.sweep());
  browser.runtime.onInstalled.addListener(() => void ensureBackgroundSetup({ menus: true }));
  void ensureBackgroundSetup({ menus: false });
});
