/** Why aria2 did not take a link, as `AlipanError`s (the pipeline's file errors) with a message in both languages. */
import { AlipanError } from '../api/errors';

/** Nothing answered: aria2 is not running, or listens elsewhere, or the extension may not reach that host. */
export function aria2UnreachableError(endpoint: string, detail: string): AlipanError {
  return new AlipanError({
    code: 'Aria2.Unreachable',
    category: 'unknown',
    text: {
      en: `aria2 did not answer at ${endpoint} (${detail}). Is it running with --enable-rpc? Check the address on the options page.`,
      zh: `aria2 在 ${endpoint} 没有响应（${detail}）。它是否以 --enable-rpc 运行？请在设置页检查地址。`,
    },
  });
}

/** aria2's `{code: 1, message: 'Unauthorized'}`: the secret is missing or wrong. The fix is on the options page. */
export function aria2UnauthorizedError(): AlipanError {
  return new AlipanError({
    code: 'Aria2.Unauthorized',
    category: 'sign-in-needed',
    text: {
      en: 'aria2 refused the RPC secret: set the one aria2 was started with (--rpc-secret) on the options page.',
      zh: 'aria2 拒绝了 RPC 密钥：请在设置页填写 aria2 启动时使用的密钥（--rpc-secret）。',
    },
  });
}

/** Any other JSON-RPC error, or an answer that is not JSON-RPC. */
export function aria2RefusedError(message: string): AlipanError {
  return new AlipanError({
    code: 'Aria2.Error',
    category: 'unknown',
    text: { en: `aria2 refused the link: ${message}`, zh: `aria2 拒绝了该链接：${message}` },
  });
}

export function aria2BadEndpointError(endpoint: string): AlipanError {
  return new AlipanError({
    code: 'Aria2.BadEndpoint',
    category: 'unknown',
    text: {
      en: `"${endpoint}" is not an http(s) address such as http://localhost:6800/jsonrpc.`,
      zh: `“${endpoint}”不是 http(s) 地址，例如 http://localhost:6800/jsonrpc。`,
    },
  });
}
