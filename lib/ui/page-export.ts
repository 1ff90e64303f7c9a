/**
 * What the share browser's Export menu ends in. `aria2` is done by the background as each link is
 * made; the others are done by the page once the job has all its links.
 */
import { safeSegment } from '../downloads/filename';
import { aria2InputFile, curlScript, linkLines, type ScriptFile } from '../export/scripts';

export type ExportKind = 'copy' | 'aria2' | 'aria2-file' | 'curl';
export type PageExportKind = Exclude<ExportKind, 'aria2'>;

/** A saved Blob is read by the browser after the click returns: its URL is freed later, not at once. */
const BLOB_URL_LIFETIME_MS = 60_000;

/** `<share name>.aria2.txt` / `<share name>.curl.sh`. */
function exportFileName(kind: 'aria2-file' | 'curl', shareName: string): string {
  return `${safeSegment(shareName)}${kind === 'curl' ? '.curl.sh' : '.aria2.txt'}`;
}

/**
 * Copies the links (the clipboard wants a focused page: rejects otherwise), or saves the aria2
 * input file or curl script through an `<a download>` of a Blob, which needs no permission and
 * works alike from an extension page in Chromium and Firefox. Resolves to the saved file's name.
 */
export async function deliverOnPage(
  kind: PageExportKind,
  files: readonly ScriptFile[],
  shareName: string,
): Promise<string | undefined> {
  if (kind === 'copy') {
    await navigator.clipboard.writeText(linkLines(files));
    return undefined;
  }
  const name = exportFileName(kind, shareName);
  saveText(kind === 'curl' ? curlScript(files) : aria2InputFile(files), name);
  return name;
}

/** Saves text as a file through an `<a download>` of a Blob (see deliverOnPage). */
export function saveText(text: string, name: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
}
