import type { AccountView, SaveAccountInput } from '../account/model';
import type { SerializedError } from '../api/errors';
import type { DownloadRequest, ExportTarget, JobView } from '../downloads/model';
import type { DownloadSettings } from '../downloads/settings';
import type { Aria2View, SaveAria2Input } from '../export/aria2-settings';
import type { DriveFolder, SaveRequest, SaveTarget, SaveView } from '../saves/model';
import type { SaveAllResult } from '../saves/save-all';
import type { ShareEntry, ShareOverview } from '../shares/browse';
import type { ShareRef, ShareStatus } from '../shares/model';
import type { FoundLink, PageText } from '../shares/page-links';
import type { BadgeSettings } from '../shares/settings';

/**
 * Every message the background answers: `type` → request data and response data.
 * `privileged` ones are accepted only from the extension's own pages (options, popup, viewer).
 */
export interface Protocol {
  'account.get': { data: undefined; result: AccountView };
  'account.save': { data: SaveAccountInput; result: AccountView };
  'account.check': { data: undefined; result: AccountView };
  'account.signOut': { data: undefined; result: AccountView };
  /** Reads the web refresh token of a signed-in www.alipan.com tab (on the user's click), saves, checks. */
  'account.importWebSession': { data: undefined; result: AccountView };
  /**
   * A content script read these texts around its candidates: the background finds the links in
   * them (page-links.ts), records their shares for the tab and starts their checks. The answer says
   * whether badges are on for this site, the links of each text, and the statuses already known;
   * the others arrive later as `event.shareStatus` messages to the tab.
   */
  'shares.find': { data: { texts: PageText[] }; result: FoundLinksReply };
  /** Content script (badge click) or popup: open the viewer for a share in a new tab. */
  'viewer.open': { data: ShareRef; result: undefined };
  /**
   * Content script: the user points at a valid badge. Whether Alipan banned some of the share's
   * files is in listings only (§5): the share is listed once, and its badges told if so.
   */
  'shares.inspect': { data: ShareRef; result: undefined };
  /** Metadata, plus whether the code works (share token obtained). */
  'share.overview': { data: ShareRef; result: ShareOverview };
  /**
   * One page (≤ 200 entries) of a folder of the share, from `marker` ('' for the first); the
   * pages keep coming until `nextMarker` is ''. Page by page so that pages show rows at once:
   * a 10,000-entry folder is 50 paced requests.
   */
  'share.listPage': {
    data: ShareRef & {
      parentFileId: string;
      marker: string;
      orderBy?: 'name' | 'size' | 'updated_at';
      orderDirection?: 'ASC' | 'DESC';
    };
    result: { entries: ShareEntry[]; nextMarker: string };
  };
  /**
   * The popup's paste box: statuses of shares found in pasted text, those already known; the
   * others are checked and arrive as `event.shareStatus` messages.
   */
  'shares.check': { data: { shares: ShareRef[] }; result: Record<string, ShareStatus> };
  /** Shares the content script found in a tab (for the popup), with their statuses. */
  'tab.shares': {
    data: { tabId: number };
    result: { shares: (ShareRef & { status?: ShareStatus })[]; site: string; enabled: boolean };
  };
  'settings.get': { data: undefined; result: BadgeSettings };
  'settings.set': { data: Partial<BadgeSettings>; result: BadgeSettings };
  /** Toggle badges on one site (popup "off on this site"). */
  'settings.toggleSite': { data: { site: string; enabled: boolean }; result: BadgeSettings };
  'downloads.start': { data: DownloadRequest; result: JobView };
  /** A whole share, or the folder its link names, listed by the background ("Download all" from the popup). */
  'downloads.startShare': { data: ShareRef; result: JobView };
  'downloads.list': { data: undefined; result: JobView[] };
  'downloads.cancel': { data: { jobId: string; fileId?: string }; result: JobView | undefined };
  'downloads.retry': { data: { jobId: string; fileId?: string }; result: JobView | undefined };
  /**
   * Links instead of downloads: the copies stay until their links expire or `downloads.release`.
   * With target `aria2`, the background sends each link to the user's aria2 as it is made.
   */
  'downloads.export': { data: DownloadRequest & { target?: ExportTarget }; result: JobView };
  /** "Done, delete the copies" of an export job; a preview pane closed (its copy goes). */
  'downloads.release': { data: { jobId: string }; result: JobView | undefined };
  /**
   * One file for the viewer's preview pane: copied and linked like an export, hidden from the
   * panel; its copy goes when the pane (`downloads.release`) or the sending tab closes. A tab
   * shows one pane, so its earlier previews are released first — except for a `companion`, a file
   * the open pane shows with its own (a subtitle of its video).
   */
  'downloads.preview': { data: DownloadRequest & { companion?: boolean }; result: JobView };
  /** A fresh link for a preview whose link expired while it played; undefined once the preview is over. */
  'downloads.relink': { data: { jobId: string }; result: JobView | undefined };
  /** The options page's download settings (downloads at once). */
  'downloads.settings': { data: undefined; result: DownloadSettings };
  'downloads.saveSettings': { data: DownloadSettings; result: DownloadSettings };
  /**
   * Save to my drive: starts at once and answers with the save; the copying goes on in the
   * background. Without `items`, the whole share (or the folder its link names) is saved.
   */
  'saves.start': { data: SaveRequest; result: SaveView };
  /** "Save all live shares": each share (whole) into a folder of its own, named after it, in `target`. */
  'saves.startMany': {
    data: { shares: (ShareRef & { shareName: string })[]; target: SaveTarget; skipExisting: boolean };
    result: SaveAllResult;
  };
  'saves.list': { data: undefined; result: SaveView[] };
  /** The folder picker: folders of the user's drive in one folder ('root' at the top). */
  'drive.folders': { data: { parentId: string }; result: DriveFolder[] };
  'drive.createFolder': { data: { parentId: string; name: string }; result: DriveFolder };
  /** The folders from the root down to the last folder saved into, or null. */
  'saves.lastTarget': { data: undefined; result: DriveFolder[] | null };
  /** The options page's aria2 section (never the secret itself). */
  'aria2.get': { data: undefined; result: Aria2View };
  'aria2.save': { data: SaveAria2Input; result: Aria2View };
  /** aria2's version, or why it cannot be reached. */
  'aria2.check': { data: undefined; result: { version: string } };
}

export interface FoundLinksReply {
  enabled: boolean;
  /** For each text asked about, in order (none when badges are off). */
  links: FoundLink[][];
  /** By statusKey(). */
  statuses: Record<string, ShareStatus>;
}

/** Background → extension pages: every download job, after any change. */
export interface DownloadsChangedEvent {
  type: 'event.downloads';
  jobs: JobView[];
}

/** Background → extension pages: every save, after any change. */
export interface SavesChangedEvent {
  type: 'event.saves';
  saves: SaveView[];
}

/** Background → content script (tabs.sendMessage): a status became known or changed. */
export interface ShareStatusEvent {
  type: 'event.shareStatus';
  key: string;
  status: ShareStatus;
}

export type MessageType = keyof Protocol;

export interface Message<K extends MessageType = MessageType> {
  type: K;
  data: Protocol[K]['data'];
}

export type Reply<K extends MessageType = MessageType> =
  | { ok: true; result: Protocol[K]['result'] }
  | { ok: false; error: SerializedError };

/** Messages a content script (any web page's context) may send; everything else is privileged. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([
  'shares.find',
  'viewer.open',
  'shares.inspect',
]);

/** Sent by the background to extension pages when the account changes (no secrets inside). */
export interface AccountChangedEvent {
  type: 'event.accountChanged';
  view: AccountView;
}
