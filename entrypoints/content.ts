import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startBadges } from '../lib/content/page';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  // Alipan's own pages show their shares already.
  excludeMatches: ['*://*.alipan.com/*', '*://*.aliyundrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startBadges({ document, runtime: browser.runtime, signal: ctx.signal });
  },
});
