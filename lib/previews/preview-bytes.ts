/**
 * The bytes of a preview's copy, read by the viewer page itself (issue 13): text, PDF and
 * subtitles are shown from memory, never from the link (a real download URL carries
 * `response-content-disposition=attachment`: a frame would download it). alipan-api.md promises
 * no CORS on CDN answers: the page reaches the CDN through its host permission (wxt.config.ts,
 * CDN_HOSTS), and for a host outside those asks the user for one (see {@link originToAsk}).
 */

/** Why the bytes could not be read: `network` also stands for a refusal by CORS (fetch cannot tell them apart). */
export class PreviewReadError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * At most `maxBytes` of the file at `url`; `expectedSize` (the listing's) guards against an error
 * text served as 200 in place of the file (§8). No Referer (§8: a foreign one is refused with 403)
 * and no cookies.
 */
export async function readPreviewBytes(
  url: string,
  maxBytes: number,
  expectedSize: number | undefined,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  // A range inside the file: OSS answers one reaching past the end with the whole object (200),
  // and "bytes=0--1" (an empty file) is no range at all. The cap is a guard: the pane reads files
  // up to maxBytes, by the listed size.
  const wanted = Math.min(expectedSize ?? maxBytes, maxBytes);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: wanted > 0 ? { Range: `bytes=0-${wanted - 1}` } : {},
      referrerPolicy: 'no-referrer',
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new PreviewReadError('network');
  }
  if (!response.ok) throw new PreviewReadError(await errorCode(response));
  const bytes = await readUpTo(response, maxBytes);
  if (expectedSize !== undefined && bytes.length !== Math.min(expectedSize, maxBytes)) {
    throw new PreviewReadError('SizeMismatch');
  }
  return bytes;
}

/** Reads the body until `maxBytes`, then stops the transfer (a server that ignored the Range). */
async function readUpTo(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (reader && length < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = value.subarray(0, maxBytes - length);
    chunks.push(take);
    length += take.length;
  }
  await reader?.cancel().catch(() => {});
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The CDN's error code: JSON `{code}` or OSS's XML `<Code>`, else the HTTP status. */
async function errorCode(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  } catch {}
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? `HTTP${response.status}`;
}

/**
 * The host permission to ask the user for when a link's bytes could not be fetched (CORS refused
 * them, or the network failed): the link's origin, unless a permission the extension holds
 * already covers it (the CDN's hosts, or one granted before) — then asking would not help.
 * `granted`: match patterns (`permissions.getAll().origins`).
 */
export function originToAsk(url: string, granted: readonly string[]): string | undefined {
  let link: URL;
  try {
    link = new URL(url);
  } catch {
    return undefined;
  }
  if (link.protocol !== 'https:' && link.protocol !== 'http:') return undefined;
  if (granted.some((pattern) => coversHost(pattern, link))) return undefined;
  return `${link.protocol}//${link.hostname}/*`;
}

/** Whether a match pattern (`<scheme>://<host>/<path>`, host `*` or `*.<domain>`) covers the URL's origin. */
function coversHost(pattern: string, url: URL): boolean {
  if (pattern === '<all_urls>') return true;
  const m = /^(\*|https?):\/\/([^/]+)\//.exec(pattern);
  if (!m) return false;
  const [, scheme, host = ''] = m;
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  const hostname = url.hostname;
  if (host === '*') return true;
  if (host.startsWith('*.')) return hostname === host.slice(2) || hostname.endsWith(host.slice(1));
  return hostname === host;
}
