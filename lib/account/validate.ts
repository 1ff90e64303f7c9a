import { checkRenewApiUrl } from '../api/renew-url';
import type { SaveAccountInput } from './model';

const FIELDS = ['webRefreshToken', 'openRefreshToken', 'renewApiUrl', 'clientId', 'clientSecret'] as const;

/**
 * What `account.save` may store, checked before anything is: string fields only, and a renew API
 * URL the open refresh token may be sent to (renew-url.ts). Throws the options page's message.
 */
export function asSaveAccountInput(data: unknown): SaveAccountInput {
  const source = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const input: SaveAccountInput = {};
  for (const field of FIELDS) {
    const value = source[field];
    if (typeof value === 'string') input[field] = value;
  }
  const renewApiUrl = input.renewApiUrl?.trim();
  if (renewApiUrl) checkRenewApiUrl(renewApiUrl);
  return input;
}
