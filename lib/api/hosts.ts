/** Real Alipan hosts (alipan-api.md §1–§9). Aliases (alipan ↔ aliyundrive) are interchangeable. */
export const HOSTS = {
  auth: 'https://auth.alipan.com',
  api: 'https://api.alipan.com',
  apiLegacy: 'https://api.aliyundrive.com',
  user: 'https://user.aliyundrive.com',
  open: 'https://openapi.alipan.com',
} as const;

/** Short links `alywp.net/<code>` redirect to a share (§10). */
export const SHORT_LINK_ORIGIN = 'https://alywp.net';

export const DEFAULT_RENEW_API_URL = 'https://api.oplist.org/alicloud/renewapi';

/** Sent on share and batch calls: it reduces rate limiting (§3). */
export const CANARY_HEADERS = { 'X-Canary': 'client=web,app=share,version=v2.3.1' } as const;

export function bearer(accessToken: string): Record<string, string> {
  return { Authorization: `Bearer ${accessToken}` };
}
