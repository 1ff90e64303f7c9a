/** Who sent a runtime message, decided only from what the browser sets and the page cannot forge. */
export type SenderTrust = 'extension-page' | 'content-script' | 'untrusted';

export interface SenderLike {
  id?: string;
  origin?: string;
  url?: string;
  tab?: unknown;
}

export function classifySender(sender: SenderLike, runtimeId: string, extensionOrigin: string): SenderTrust {
  if (sender.id !== runtimeId) return 'untrusted';
  // Chromium sets `origin` for every sender; an extension page opened as a tab also has `tab`,
  // so the origin — not the tab — tells pages from content scripts (extension-practice.md).
  const origin = sender.origin ?? originOf(sender.url);
  if (origin === extensionOrigin) return 'extension-page';
  return sender.tab ? 'content-script' : 'untrusted';
}

/** `scheme://host` of a URL. Not `URL.origin`: the URL standard gives "null" for extension schemes. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}
