import browser from 'webextension-polyfill';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../lib/background/app';

export default defineBackground(() => {
  // Listeners are registered synchronously so the event that woke the worker is not missed.
  const app = startBackground();
  browser.runtime.onMessage.addListener(app.onMessage as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  browser.tabs.onRemoved.addListener((tabId) => void app.tabs.remove(tabId));
});
