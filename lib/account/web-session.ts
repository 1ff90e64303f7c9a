/**
 * "Import from alipan.com": the web app keeps its session in `localStorage.token` as JSON
 * `{access_token, refresh_token, user_id, …}` (alipan-api.md §0). The background reads it from
 * a signed-in tab on the user's request only; the token never passes through a page.
 */

/** Tabs the session can be read from. */
export const WEB_APP_PATTERNS = ['https://www.alipan.com/*', 'https://www.aliyundrive.com/*'];

/**
 * What the import needs the user to grant, asked for at the click. The hosts are required host
 * permissions too (short links, wxt.config.ts), so in effect only `scripting` is asked for; they
 * stay in the request because Firefox lets the user withdraw a host permission.
 */
export const WEB_SESSION_PERMISSIONS = { permissions: ['scripting' as const], origins: WEB_APP_PATTERNS };

const REFRESH_TOKEN = /^[0-9a-f]{32}$/i;

/** The refresh token inside the web app's stored `token` value, or undefined. */
export function refreshTokenFromWebStorage(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    const token = (JSON.parse(raw) as { refresh_token?: unknown }).refresh_token;
    return typeof token === 'string' && REFRESH_TOKEN.test(token) ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Runs in the alipan.com tab (scripting.executeScript): just the stored string, nothing else. */
export function readWebAppToken(): string | null {
  return localStorage.getItem('token');
}

export interface WebSessionAccess {
  /** Ids of open alipan.com / aliyundrive.com tabs, most recently used first. */
  findTabs(): Promise<number[]>;
  /** The `localStorage.token` string of that tab, or null. */
  readStoredToken(tabId: number): Promise<unknown>;
}

/** The refresh token of the first open web-app tab that is signed in, or undefined. */
export async function findWebSessionToken(access: WebSessionAccess): Promise<string | undefined> {
  for (const tabId of await access.findTabs()) {
    const token = refreshTokenFromWebStorage(await access.readStoredToken(tabId).catch(() => null));
    if (token) return token;
  }
  return undefined;
}
