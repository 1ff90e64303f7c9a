import { parseShareUrl } from '../links/parse';
import type { ShareRef } from '../shares/model';

/** Where the menu items appear: links to shares, and selected text. */
const SHARE_LINK_PATTERNS = ['*://*.alipan.com/s/*', '*://*.aliyundrive.com/s/*'];

type MenuItemId = 'share-open' | 'share-download-all' | 'share-save' | 'share-send-aria2' | 'selection-open';

export interface MenuItemSpec {
  id: MenuItemId;
  contexts: ('link' | 'selection')[];
  targetUrlPatterns?: string[];
  /** i18n key of the title. */
  titleKey: 'menuOpenInViewer' | 'menuDownloadAll' | 'menuSaveToDrive' | 'menuSendToAria2' | 'menuOpenSelection';
}

export const MENU_ITEMS: MenuItemSpec[] = [
  { id: 'share-open', contexts: ['link'], targetUrlPatterns: SHARE_LINK_PATTERNS, titleKey: 'menuOpenInViewer' },
  { id: 'share-download-all', contexts: ['link'], targetUrlPatterns: SHARE_LINK_PATTERNS, titleKey: 'menuDownloadAll' },
  { id: 'share-save', contexts: ['link'], targetUrlPatterns: SHARE_LINK_PATTERNS, titleKey: 'menuSaveToDrive' },
  { id: 'share-send-aria2', contexts: ['link'], targetUrlPatterns: SHARE_LINK_PATTERNS, titleKey: 'menuSendToAria2' },
  { id: 'selection-open', contexts: ['selection'], titleKey: 'menuOpenSelection' },
];

export interface MenuClick {
  menuItemId: string | number;
  linkUrl?: string;
  selectionText?: string;
}

export interface MenuServices {
  openViewer(ref: ShareRef): Promise<void>;
  downloadAll(ref: ShareRef): Promise<void>;
  /** "Save to my Alipan": the viewer, with the folder picker open for the whole share (or the linked folder). */
  saveToDrive(ref: ShareRef): Promise<void>;
  /** The whole share (or the linked folder) to the user's aria2; the viewer when aria2 is not set up. */
  exportToAria2(ref: ShareRef): Promise<void>;
  /** The code the tab's content script found beside this share, if any (a link's URL rarely carries it). */
  codeFoundOnTab(shareId: string): Promise<string | null>;
  /** Tells the user nothing share-like was in the selection or link. */
  notify(messageKey: 'menuNoShareFound'): void;
}

/** What a context-menu click does; the background calls it from `contextMenus.onClicked`. */
export async function handleMenuClick(click: MenuClick, services: MenuServices): Promise<void> {
  const source = click.menuItemId === 'selection-open' ? click.selectionText : click.linkUrl;
  const match = source ? parseShareUrl(source) : null;
  if (!match?.shareId) {
    services.notify('menuNoShareFound');
    return;
  }
  const ref: ShareRef = {
    shareId: match.shareId,
    code: match.code ?? (await services.codeFoundOnTab(match.shareId)),
    ...(match.folderId ? { folderId: match.folderId } : {}),
  };
  if (click.menuItemId === 'share-download-all') await services.downloadAll(ref);
  else if (click.menuItemId === 'share-save') await services.saveToDrive(ref);
  else if (click.menuItemId === 'share-send-aria2') await services.exportToAria2(ref);
  else await services.openViewer(ref);
}
