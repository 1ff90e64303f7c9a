import { afterEach, describe, expect, it, vi } from 'vitest';
import { originToAsk, PreviewReadError, readPreviewBytes } from '../../lib/previews/preview-bytes';

const MANIFEST_HOSTS = [
  'https://api.alipan.com/*',
  'https://*.aliyundrive.net/*',
  'https://*.alicloudccp.com/*',
  'http://localhost/*',
];

describe('originToAsk', () => {
  it('asks for nothing on the CDN host families the extension holds', () => {
    expect(originToAsk('https://cn-beijing-data.aliyundrive.net/x?x-oss-expires=1', MANIFEST_HOSTS)).toBeUndefined();
    expect(originToAsk('https://bj29.cn-beijing.data.alicloudccp.com/x', MANIFEST_HOSTS)).toBeUndefined();
    expect(originToAsk('https://aliyundrive.net/x', MANIFEST_HOSTS)).toBeUndefined();
  });

  it("asks for the link's own host elsewhere, and never for a look-alike of a family", () => {
    expect(originToAsk('https://cdn.example.com:8443/f?sig=1', MANIFEST_HOSTS)).toBe('https://cdn.example.com/*');
    expect(originToAsk('https://evil-aliyundrive.net/f', MANIFEST_HOSTS)).toBe('https://evil-aliyundrive.net/*');
    expect(originToAsk('https://aliyundrive.net.example/f', MANIFEST_HOSTS)).toBe('https://aliyundrive.net.example/*');
    expect(originToAsk('http://localhost:6800/f', MANIFEST_HOSTS)).toBeUndefined();
    expect(originToAsk('https://localhost/f', MANIFEST_HOSTS)).toBe('https://localhost/*');
  });

  it('asks for nothing a broader grant covers (a host granted before, all sites), nor for a link that is no web URL', () => {
    expect(originToAsk('https://cdn.example.com/f', [...MANIFEST_HOSTS, 'https://cdn.example.com/*'])).toBeUndefined();
    expect(originToAsk('https://cdn.example.com/f', ['*://*/*'])).toBeUndefined();
    expect(originToAsk('https://cdn.example.com/f', ['<all_urls>'])).toBeUndefined();
    expect(originToAsk('blob:chrome-extension://abc/1', MANIFEST_HOSTS)).toBeUndefined();
    expect(originToAsk('not a url', MANIFEST_HOSTS)).toBeUndefined();
  });
});

describe('readPreviewBytes', () => {
  afterEach(() => vi.unstubAllGlobals());
  const URL_ = 'https://cn-beijing-data.aliyundrive.net/f';
  const answer = (response: Response | Error) => {
    const fetch = vi.fn(async () => {
      if (response instanceof Error) throw response;
      return response;
    });
    vi.stubGlobal('fetch', fetch);
    return fetch;
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => 'read',
      (e: unknown) => (e instanceof PreviewReadError ? e.code : String(e)),
    );

  it('asks for the file up to the cap, a range inside the file, with no Referer and no cookies (§8)', async () => {
    const fetch = answer(new Response('hello', { status: 206 }));
    expect(new TextDecoder().decode(await readPreviewBytes(URL_, 1024, 5))).toBe('hello');
    expect(fetch).toHaveBeenLastCalledWith(
      URL_,
      expect.objectContaining({ headers: { Range: 'bytes=0-4' }, referrerPolicy: 'no-referrer', credentials: 'omit' }),
    );
    const capped = answer(new Response('0123', { status: 206 }));
    await readPreviewBytes(URL_, 4, 10);
    expect(capped).toHaveBeenLastCalledWith(URL_, expect.objectContaining({ headers: { Range: 'bytes=0-3' } }));
  });

  it('stops at the cap when the server ignored the Range', async () => {
    answer(new Response('0123456789', { status: 200 }));
    expect(new TextDecoder().decode(await readPreviewBytes(URL_, 4, 10))).toBe('0123');
  });

  it('reads an empty file with no Range (there is no byte to ask for)', async () => {
    const fetch = answer(new Response('', { status: 200 }));
    expect((await readPreviewBytes(URL_, 1024, 0)).length).toBe(0);
    expect(fetch).toHaveBeenLastCalledWith(URL_, expect.objectContaining({ headers: {} }));
  });

  it("tells a network or CORS refusal, the CDN's code and an error text in place of the file apart", async () => {
    answer(new TypeError('Failed to fetch'));
    expect(await failure(readPreviewBytes(URL_, 1024, 5))).toBe('network');
    answer(new Response('{"code":"AccessDenied","message":"Request has expired."}', { status: 403 }));
    expect(await failure(readPreviewBytes(URL_, 1024, 5))).toBe('AccessDenied');
    answer(new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 }));
    expect(await failure(readPreviewBytes(URL_, 1024, 5))).toBe('NoSuchKey');
    answer(new Response('busy', { status: 503 }));
    expect(await failure(readPreviewBytes(URL_, 1024, 5))).toBe('HTTP503');
    // §8: a 200 whose body is not the file.
    answer(new Response('{"code":"TooManyRequests"}', { status: 200 }));
    expect(await failure(readPreviewBytes(URL_, 1024, 5))).toBe('SizeMismatch');
  });
});
