/**
 * How a failed token renewal is read (issue 9). A refresh token rotates on every use (§1, §2), so
 * "sign in again" is only for an answer that says the token is dead; trouble on the way (the
 * relay's own overload, a 5xx, no network, a page that is not the expected JSON) is transient:
 * the account retries it by itself and nothing waiting on it fails.
 */
import { AlipanError, isAlipanError, type LocalizedText } from '../api/errors';

/** Who renews a token: Alipan's sign-in (web, §1), the renew relay, or the user's own open-platform app (§2). */
export type TokenService = 'web' | 'relay' | 'app';

/** The error code of each service's transient trouble. */
const DOWN_CODES: Record<TokenService, string> = {
  web: 'WebSignIn.Unavailable',
  relay: 'RenewApi.Unavailable',
  app: 'OpenApp.Unavailable',
};

const SERVICE_DOWN: Record<TokenService, LocalizedText> = {
  web: { en: 'Alipan’s sign-in service is unreachable; retrying.', zh: '无法连接阿里云盘登录服务，正在重试。' },
  relay: { en: 'The renew service is unreachable; retrying.', zh: '无法连接续期服务，正在重试。' },
  app: { en: 'The open platform is unreachable; retrying.', zh: '无法连接开放平台，正在重试。' },
};

/**
 * The failure of one exchange as the account sees it: a refused token stays as it is (sign in
 * again), transient trouble becomes `TokenService.Unavailable`, anything else (a setting the
 * service rejects) passes through.
 */
export function asTokenFailure(e: unknown, service: TokenService): unknown {
  if (!isAlipanError(e) || !isTransient(e)) return e;
  return new AlipanError({
    code: DOWN_CODES[service],
    category: 'network',
    text: withCause(SERVICE_DOWN[service], e.code),
  });
}

/** The service whose transient trouble this error reports, or undefined for any other error. */
export function serviceDown(e: unknown): TokenService | undefined {
  if (!isAlipanError(e)) return undefined;
  return (Object.keys(DOWN_CODES) as TokenService[]).find((service) => DOWN_CODES[service] === e.code);
}

export function isTokenServiceDown(e: unknown): boolean {
  return serviceDown(e) !== undefined;
}

function isTransient(e: AlipanError): boolean {
  if (e.category === 'sign-in-needed') return false;
  return e.category === 'network' || e.category === 'rate-limited' || (e.status ?? 0) >= 500 || e.code === MALFORMED;
}

/** A 200 that is not a token answer (a WAF or captive-portal page, an empty token): nothing to store. */
const MALFORMED = 'TokenAnswer.Malformed';

export function malformedAnswerError(detail: string): AlipanError {
  return new AlipanError({ code: MALFORMED, category: 'network', detail });
}

function withCause(text: LocalizedText, code: string): LocalizedText {
  return { en: `${text.en} (${code})`, zh: `${text.zh}（${code}）` };
}
