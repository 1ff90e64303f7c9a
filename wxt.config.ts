import { defineConfig } from 'wxt';

// Share hosts the background talks to. Host permissions are what lets the worker's fetch reach
// them without CORS; nothing else is requested (see README "Permissions").
const API_HOSTS = [
  'https://auth.alipan.com/*',
  'https://api.alipan.com/*',
  'https://api.aliyundrive.com/*',
  'https://user.aliyundrive.com/*',
  'https://openapi.alipan.com/*',
  'https://api.oplist.org/*',
];
// Short links (alywp.net/<code>, alipan-api.md §10) are resolved by following their redirect to
// the share's page: the worker reads where it ended (`response.url`) only if it may read that
// final answer, which has no CORS header — a fetch with `redirect: 'manual'` gets an opaque
// redirect with no Location. No new install warning: the content script runs on every site.
const SHORT_LINK_HOSTS = ['https://alywp.net/*', 'https://www.alipan.com/*', 'https://www.aliyundrive.com/*'];
// aria2's JSON-RPC on this machine (its default endpoint is http://localhost:6800/jsonrpc): the
// background's fetch needs the host permission, as aria2 answers no CORS preflight by default.
// A pattern without a port matches every port.
const LOCAL_ARIA2_HOSTS = ['http://localhost/*', 'http://127.0.0.1/*'];
// The download CDN's host families (download links point at hosts such as
// cn-beijing-data.aliyundrive.net or bj29.cn-beijing.data.alicloudccp.com). The viewer's preview
// pane reads text, PDF and subtitles from there: alipan-api.md promises no CORS on CDN answers, and
// an extension page with the host permission fetches without it. No new install warning: the
// content script already matches every site.
const CDN_HOSTS = ['https://*.aliyundrive.net/*', 'https://*.alicloudccp.com/*'];

export default defineConfig({
  // Explicit imports everywhere: a reader sees where `browser` and `defineX` come from.
  imports: false,
  // Firefox too (WXT's default there is MV2): the same `action`, `host_permissions` and
  // `optional_host_permissions` as Chrome; Firefox runs the background as an event page.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    // Store name and description per browser language: public/_locales/{en,zh_CN}/messages.json.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: the job history and the copy journal must never fail to be written (a lost
    // journal entry is a copy left in the user's drive).
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'downloads', 'contextMenus'],
    host_permissions: [...API_HOSTS, ...CDN_HOSTS, ...SHORT_LINK_HOSTS, ...LOCAL_ARIA2_HOSTS],
    // Asked for at the click that needs them: a user's own renew API or aria2 on another machine
    // (hosts we cannot know in advance), a download link on a host outside CDN_HOSTS that the
    // preview pane must read, and reading the session of a www.alipan.com tab
    // ("import from alipan.com").
    optional_permissions: ['scripting'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The badges' script (entrypoints/content-script.ts, an unlisted script: see there why).
    content_scripts: [
      {
        matches: ['http://*/*', 'https://*/*'],
        // Alipan's own pages show their shares already.
        exclude_matches: ['*://*.alipan.com/*', '*://*.aliyundrive.com/*'],
        run_at: 'document_idle',
        js: ['content-script.js'],
      },
    ],
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          // Fixed for good: AMO ties the listing, updates and the user's data to it.
          id: '{413a02b2-d5b2-47e5-87a7-51013128bc5b}',
          // 140 (an ESR): the first with built-in data-collection consent.
          strict_min_version: '140.0',
          // Share links found on pages go to Alipan (badges); pasted tokens go to Alipan and the
          // renew API (README "Where tokens go").
          data_collection_permissions: { required: ['websiteContent', 'authenticationInfo'] },
        },
      },
    }),
  }),
  // The sources zip (npm run zip, for AMO) is the repository as committed: it must build and pass
  // `npm test` on its own, so it carries the tests, their fixtures, .ci and the dot-configs too.
  zip: {
    dotSources: true,
    excludeSources: ['.git', '.git/**', '.wxt/**', 'tmp/**', '**/*.log'],
  },
  hooks: {
    // WXT's own exclusions drop test files (*.test.ts) from the sources zip; ours keeps them.
    'config:resolved': (wxt) => {
      wxt.config.zip.excludeSources = wxt.config.zip.excludeSources.filter((pattern) => !pattern.includes('test'));
    },
    // WXT takes the toolbar tooltip from the popup's <title>, which is not localized.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.action) manifest.action.default_title = '__MSG_extName__';
    },
  },
  vite: () => ({
    // Preact through esbuild's automatic JSX runtime: no Babel preset needed.
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
