/**
 * Which renew API URLs the open refresh token may be sent to (§2: it travels in the query string).
 * Only `https://`, so it never crosses a network in clear; `http://` only to this computer
 * (localhost, 127.x, [::1]), for a relay the user runs themselves (issue 9).
 */
import { AlipanError, type LocalizedText } from './errors';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isAllowedRenewApiUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && LOOPBACK_HOST.test(parsed.hostname);
}

/** Throws the error the options page shows when the URL is refused; returns it unchanged otherwise. */
export function checkRenewApiUrl(url: string): string {
  if (!isAllowedRenewApiUrl(url)) {
    throw new AlipanError({ code: 'RenewApi.InsecureUrl', category: 'sign-in-needed', text: refusedText(url) });
  }
  return url;
}

function refusedText(url: string): LocalizedText {
  return {
    en: `The renew API URL "${url}" is refused: it must start with https:// (http:// only for a relay on this computer: localhost or 127.0.0.1), or the open-platform refresh token would travel in clear.`,
    zh: `续期 API 地址“${url}”不被接受：必须以 https:// 开头（http:// 仅限本机上的中转服务：localhost 或 127.0.0.1），否则开放平台 refresh token 会以明文传输。`,
  };
}
