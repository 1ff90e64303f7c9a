import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { originToAsk, PreviewReadError, readPreviewBytes } from '../../lib/previews/preview-bytes';

export type LinkBytes =
  | { state: 'reading' }
  | { state: 'read'; bytes: Uint8Array<ArrayBuffer> }
  | { state: 'failed'; code: string }
  /** The link's host refused the page and no permission covers it: `ask()` from a click. */
  | { state: 'needs-permission'; origin: string; ask(): void };

/**
 * The bytes behind a preview job's link, read once from the first link it gives; `onRead` then
 * lets the job go (its copy is deleted: the page holds what it shows). A host outside the
 * extension's permissions that refuses the page (no CORS) is asked for at the user's click, then
 * read again.
 */
export function useLinkBytes(
  url: string | undefined,
  maxBytes: number,
  expectedSize: number | undefined,
  onRead: () => void,
): LinkBytes {
  const [result, setResult] = useState<LinkBytes>({ state: 'reading' });
  const [attempt, setAttempt] = useState(0);
  const asked = useRef(false);
  const latestUrl = useRef(url);
  latestUrl.current = url;
  const linked = url !== undefined;

  useEffect(() => {
    const link = latestUrl.current;
    if (!link || result.state === 'read') return;
    const abort = new AbortController();
    setResult({ state: 'reading' });
    readPreviewBytes(link, maxBytes, expectedSize, abort.signal).then(
      (bytes) => {
        setResult({ state: 'read', bytes });
        onRead();
      },
      async (e: unknown) => {
        if (abort.signal.aborted) return;
        const code = e instanceof PreviewReadError ? e.code : 'unknown';
        // Asked once: after a grant, a second failure is the network's.
        const granted = code === 'network' && !asked.current ? (await browser.permissions.getAll()).origins : undefined;
        const origin = granted && originToAsk(link, granted);
        if (abort.signal.aborted) return;
        setResult(origin ? { state: 'needs-permission', origin, ask: () => ask(origin) } : { state: 'failed', code });
      },
    );
    return () => abort.abort();
  }, [linked, attempt]);

  const ask = (origin: string) => {
    asked.current = true;
    const refused = () => setResult({ state: 'failed', code: 'no-permission' });
    // Called in the click itself: permissions.request needs a user gesture.
    browser.permissions
      .request({ origins: [origin] })
      .then((granted) => (granted ? setAttempt((n) => n + 1) : refused()), refused);
  };
  return result;
}
