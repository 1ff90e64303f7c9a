import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { MAX_READ_BYTES, type ReadKind } from '../../lib/previews/preview-kind';
import { decodeText, ENCODING_LABELS } from '../../lib/previews/text-decoding';
import { type LinkBytes, useLinkBytes } from './useLinkBytes';

export interface ReadPreviewProps {
  kind: ReadKind;
  name: string;
  /** The listed size: a body of another size is an error text, never the file (§8). */
  size: number | undefined;
  /** The preview job's link; undefined until it is made, and again once the job is released. */
  url: string | undefined;
  /** Lets the preview job go: the page holds the bytes. */
  release(): void;
  onShown(): void;
  onFailed(code: string): void;
}

/**
 * Text and PDF, read into the page from the copy's link (see preview-bytes.ts), the copy let go
 * as soon as they are read. Text is shown as text (a text node in a `<pre>`, never markup), with
 * the encoding it was read in; a PDF in the browser's own viewer, from a blob URL revoked when the
 * pane closes.
 */
export function ReadPreview(props: ReadPreviewProps) {
  const bytes = useLinkBytes(props.url, MAX_READ_BYTES[props.kind], props.size, props.release);
  useEffect(() => {
    if (bytes.state === 'failed') props.onFailed(bytes.code);
  }, [bytes.state]);

  if (bytes.state === 'needs-permission') return <PermissionPrompt {...bytes} />;
  if (bytes.state !== 'read') {
    return (
      <p class="preview-loading muted" role="status">
        {t('previewLoading')}
      </p>
    );
  }
  return props.kind === 'text' ? (
    <TextView bytes={bytes.bytes} onShown={props.onShown} />
  ) : (
    <PdfView bytes={bytes.bytes} name={props.name} onShown={props.onShown} />
  );
}

/** The link's host is none of the CDN's: its answers reach the page only with the user's permission. */
export function PermissionPrompt({ origin, ask }: Extract<LinkBytes, { state: 'needs-permission' }>) {
  const host = origin.replace(/^https?:\/\/|\/\*$/g, '');
  return (
    <div class="preview-details">
      <p>{t('previewNeedsHost', { host })}</p>
      <button type="button" class="primary" data-action="allow-preview-host" onClick={ask}>
        {t('previewAllowHost')}
      </button>
    </div>
  );
}

function TextView({ bytes, onShown }: { bytes: Uint8Array; onShown(): void }) {
  const { text, encoding } = useMemo(() => decodeText(bytes), [bytes]);
  useEffect(onShown, []);
  return (
    <div class="preview-text-frame">
      <p class="preview-encoding muted">{t('previewEncoding', { encoding: ENCODING_LABELS[encoding] })}</p>
      <pre class="preview-text">{text}</pre>
    </div>
  );
}

function PdfView({ bytes, name, onShown }: { bytes: Uint8Array<ArrayBuffer>; name: string; onShown(): void }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    setSrc(url);
    onShown();
    return () => URL.revokeObjectURL(url);
  }, [bytes]);
  return src ? <iframe class="preview-pdf" src={src} title={name} /> : null;
}
