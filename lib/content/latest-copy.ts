/**
 * Only the newest copy of the content script badges a page. A copy injected again into a page
 * that has one (the extension reloaded or updated) tells the older one to stop: an event on the
 * shared `document`, which every world sees.
 */
export function untilNewerCopy(document: Document, extensionId: string | undefined): AbortSignal {
  const name = `${extensionId}:badges-started`;
  const controller = new AbortController();
  document.dispatchEvent(new Event(name));
  document.addEventListener(name, () => controller.abort(), { once: true });
  return controller.signal;
}
