import { defineConfig } from 'wxt';

// Share hosts the background talks to. Host permissions are what lets the worker's fetch reach
// them without CORS; nothing else is requested (see README "Permissions").
const API_HOSTS = [
  'https://auth.alipan.com/*',
  'https://auth.aliyundrive.com/*',
  'https://api.alipan.com/*',
  'https://api.aliyundrive.com/*',
  'https://user.alipan.com/*',
  'https://user.aliyundrive.com/*',
  'https://openapi.alipan.com/*',
  'https://openapi.aliyundrive.com/*',
  'https://api.oplist.org/*',
];

export default defineConfig({
  // Explicit imports everywhere: a reader sees where `browser` and `defineX` come from.
  imports: false,
  manifest: {
    name: 'Alipan Share Helper',
    description:
      'Detect Alipan (阿里云盘) share links on any page, see at once if they are alive, browse and download them in one click.',
    permissions: ['storage', 'alarms', 'downloads', 'contextMenus'],
    host_permissions: API_HOSTS,
    // A user's own renew API (options page) lives on a host we cannot know in advance.
    optional_host_permissions: ['https://*/*'],
  },
  vite: () => ({
    // Preact through esbuild's automatic JSX runtime: no Babel preset needed.
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  }),
});
