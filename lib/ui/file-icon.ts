import type { ShareEntry } from '../shares/browse';

const BY_CATEGORY: Record<string, string> = {
  video: '🎬',
  audio: '🎵',
  image: '🖼️',
  doc: '📄',
  app: '📦',
  zip: '🗜️',
};

// Alipan leaves `category` out on some items: the extension decides then.
const BY_EXTENSION: Record<string, string> = {
  mp4: '🎬', mkv: '🎬', avi: '🎬', mov: '🎬', wmv: '🎬', flv: '🎬', ts: '🎬', rmvb: '🎬',
  mp3: '🎵', flac: '🎵', wav: '🎵', aac: '🎵', m4a: '🎵', ape: '🎵', ogg: '🎵',
  jpg: '🖼️', jpeg: '🖼️', png: '🖼️', gif: '🖼️', webp: '🖼️', bmp: '🖼️', heic: '🖼️',
  pdf: '📕', epub: '📕', mobi: '📕', azw3: '📕',
  txt: '📄', md: '📄', doc: '📄', docx: '📄', xls: '📊', xlsx: '📊', csv: '📊', ppt: '📽️', pptx: '📽️',
  zip: '🗜️', rar: '🗜️', '7z': '🗜️', tar: '🗜️', gz: '🗜️',
  exe: '📦', msi: '📦', dmg: '📦', apk: '📦', iso: '💿',
  srt: '💬', ass: '💬', vtt: '💬',
};

/** An emoji for the row: folder, or the file's kind by Alipan's category, else by extension. */
export function entryIcon(entry: Pick<ShareEntry, 'type' | 'category' | 'extension' | 'name'>): string {
  if (entry.type === 'folder') return '📁';
  const extension = (entry.extension || entry.name.split('.').pop() || '').toLowerCase();
  return BY_EXTENSION[extension] ?? BY_CATEGORY[entry.category ?? ''] ?? '📄';
}
