import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { untilNewerCopy } from '../lib/content/latest-copy';
import { startBadges } from '../lib/content/page';

// Declared in wxt.config.ts (`content_scripts`), not through defineContentScript: WXT's
// content-script context (location watcher, timer helpers) was 3.4 KB of the 20 KB budget, and
// only its "a newer copy started" signal was used.
export default defineUnlistedScript(() => {
  const runtime = browser.runtime;
  startBadges({ document, runtime, signal: untilNewerCopy(document, runtime.id) });
});
