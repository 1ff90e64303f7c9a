import { describe, expect, it, vi } from 'vitest';
import { handleMenuClick, MENU_ITEMS, type MenuServices } from '../../lib/menu/context-menu';
import { must } from '../must';

function services(codeOnTab: string | null = null) {
  return {
    openViewer: vi.fn(async () => {}),
    downloadAll: vi.fn(async () => {}),
    saveToDrive: vi.fn(async () => {}),
    exportToAria2: vi.fn(async () => {}),
    codeFoundOnTab: vi.fn(async () => codeOnTab),
    notify: vi.fn(),
  } satisfies MenuServices;
}

describe('context menu', () => {
  it('declares link items only for share URLs, and a selection item', () => {
    expect(MENU_ITEMS.map((m) => m.id)).toEqual([
      'share-open',
      'share-download-all',
      'share-save',
      'share-send-aria2',
      'selection-open',
    ]);
    expect(must(MENU_ITEMS[0]).targetUrlPatterns).toContain('*://*.alipan.com/s/*');
  });

  it('"Open in viewer" on a link opens it with the code from the URL', async () => {
    const s = services('zzzz');
    await handleMenuClick({ menuItemId: 'share-open', linkUrl: 'https://www.alipan.com/s/hCa7nuezUAf?pwd=t84d' }, s);
    expect(s.openViewer).toHaveBeenCalledWith({ shareId: 'hCa7nuezUAf', code: 't84d' });
    expect(s.codeFoundOnTab).not.toHaveBeenCalled();
  });

  it('falls back to the code the page showed beside the link', async () => {
    const s = services('t84d');
    await handleMenuClick({ menuItemId: 'share-open', linkUrl: 'https://www.aliyundrive.com/s/hCa7nuezUAf' }, s);
    expect(s.codeFoundOnTab).toHaveBeenCalledWith('hCa7nuezUAf');
    expect(s.openViewer).toHaveBeenCalledWith({ shareId: 'hCa7nuezUAf', code: 't84d' });
  });

  it('"Download all" keeps the folder of a folder link', async () => {
    const s = services();
    const folder = '61939640dceb43ef04b14ba198d8259b4faef00f';
    await handleMenuClick(
      { menuItemId: 'share-download-all', linkUrl: `https://www.alipan.com/s/fwhZ52PPRZZ/folder/${folder}` },
      s,
    );
    expect(s.downloadAll).toHaveBeenCalledWith({ shareId: 'fwhZ52PPRZZ', code: null, folderId: folder });
  });

  it('"Send to aria2" exports the whole share, or the linked folder, with the code', async () => {
    const s = services('t84d');
    await handleMenuClick({ menuItemId: 'share-send-aria2', linkUrl: 'https://www.alipan.com/s/hCa7nuezUAf' }, s);
    expect(s.exportToAria2).toHaveBeenCalledWith({ shareId: 'hCa7nuezUAf', code: 't84d' });
    const folder = '61939640dceb43ef04b14ba198d8259b4faef00f';
    await handleMenuClick(
      { menuItemId: 'share-send-aria2', linkUrl: `https://www.alipan.com/s/fwhZ52PPRZZ/folder/${folder}` },
      s,
    );
    expect(s.exportToAria2).toHaveBeenLastCalledWith({ shareId: 'fwhZ52PPRZZ', code: 't84d', folderId: folder });
    expect(s.downloadAll).not.toHaveBeenCalled();
    expect(s.openViewer).not.toHaveBeenCalled();
    expect(MENU_ITEMS.find((m) => m.id === 'share-send-aria2')).toMatchObject({
      contexts: ['link'],
      titleKey: 'menuSendToAria2',
    });
  });

  it('"Save to my Alipan" saves the whole share, or the linked folder, with the code found on the page', async () => {
    const s = services('t84d');
    const folder = '61939640dceb43ef04b14ba198d8259b4faef00f';
    await handleMenuClick(
      { menuItemId: 'share-save', linkUrl: `https://www.alipan.com/s/fwhZ52PPRZZ/folder/${folder}` },
      s,
    );
    expect(s.saveToDrive).toHaveBeenCalledWith({ shareId: 'fwhZ52PPRZZ', code: 't84d', folderId: folder });
    expect(s.downloadAll).not.toHaveBeenCalled();
    expect(MENU_ITEMS.find((m) => m.id === 'share-save')).toMatchObject({
      contexts: ['link'],
      titleKey: 'menuSaveToDrive',
    });
  });

  it('"Open share" on a selection finds the link and its code in the text', async () => {
    const s = services();
    await handleMenuClick(
      { menuItemId: 'selection-open', selectionText: '资源 https://www.alipan.com/s/vLfz78UV2cp 提取码：t84d 速存' },
      s,
    );
    expect(s.openViewer).toHaveBeenCalledWith({ shareId: 'vLfz78UV2cp', code: 't84d' });
  });

  it('says so when the selection holds no share', async () => {
    const s = services();
    await handleMenuClick(
      { menuItemId: 'selection-open', selectionText: 'https://pan.baidu.com/s/1abc 提取码 abcd' },
      s,
    );
    expect(s.notify).toHaveBeenCalledWith('menuNoShareFound');
    expect(s.openViewer).not.toHaveBeenCalled();
  });
});
