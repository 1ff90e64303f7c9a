/**
 * Chromium resumes a cut download by itself, but may then save it at the top of the downloads
 * folder, outside `<share name>/` (extension-practice.md, "Downloads in Chromium"); answering
 * `downloads.onDeterminingFilename` for our own downloads keeps the path. Firefox has no such
 * event (and keeps the path anyway).
 */

interface DeterminingItem {
  url: string;
  finalUrl?: string;
  byExtensionId?: string;
}

type Suggest = (suggestion?: { filename: string; conflictAction: 'uniquify' }) => void;

interface DeterminingEvent {
  addListener(listener: (item: DeterminingItem, suggest: Suggest) => boolean | undefined): void;
}

/**
 * Registers the listener (synchronously, at worker start). Downloads of other extensions and of
 * the user get no answer, which leaves their names to the browser.
 */
export function suggestOwnFilenames(
  extensionId: string,
  filenameFor: (url: string) => Promise<string | undefined>,
  event: DeterminingEvent | undefined = (
    globalThis as { chrome?: { downloads?: { onDeterminingFilename?: DeterminingEvent } } }
  ).chrome?.downloads?.onDeterminingFilename,
): void {
  event?.addListener((item, suggest) => {
    if (item.byExtensionId !== extensionId) return;
    filenameFor(item.url).then(
      (filename) => (filename ? suggest({ filename, conflictAction: 'uniquify' }) : suggest()),
      () => suggest(),
    );
    return true; // answered asynchronously
  });
}
