import type { ShareEntry } from '../shares/browse';

/** What a row's icon shows; components/share/EntryIcon.tsx draws each as an SVG. */
export type EntryKind =
  | 'folder'
  | 'file'
  | 'video'
  | 'audio'
  | 'image'
  | 'book'
  | 'doc'
  | 'sheet'
  | 'slides'
  | 'archive'
  | 'app'
  | 'disc'
  | 'subtitles';

const BY_CATEGORY: Record<string, EntryKind> = {
  video: 'video',
  audio: 'audio',
  image: 'image',
  doc: 'doc',
  app: 'app',
  zip: 'archive',
};

// Alipan leaves `category` out on some items: the extension decides then.
const BY_EXTENSION: Record<string, EntryKind> = {
  mp4: 'video',
  mkv: 'video',
  avi: 'video',
  mov: 'video',
  wmv: 'video',
  flv: 'video',
  ts: 'video',
  rmvb: 'video',
  mp3: 'audio',
  flac: 'audio',
  wav: 'audio',
  aac: 'audio',
  m4a: 'audio',
  ape: 'audio',
  ogg: 'audio',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  bmp: 'image',
  heic: 'image',
  pdf: 'book',
  epub: 'book',
  mobi: 'book',
  azw3: 'book',
  txt: 'doc',
  md: 'doc',
  doc: 'doc',
  docx: 'doc',
  xls: 'sheet',
  xlsx: 'sheet',
  csv: 'sheet',
  ppt: 'slides',
  pptx: 'slides',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
  tar: 'archive',
  gz: 'archive',
  exe: 'app',
  msi: 'app',
  dmg: 'app',
  apk: 'app',
  iso: 'disc',
  srt: 'subtitles',
  ass: 'subtitles',
  vtt: 'subtitles',
};

/** The row's kind: folder, or the file's kind by extension, else by Alipan's category. */
export function entryKind(entry: Pick<ShareEntry, 'type' | 'category' | 'extension' | 'name'>): EntryKind {
  if (entry.type === 'folder') return 'folder';
  const extension = (entry.extension || entry.name.split('.').pop() || '').toLowerCase();
  return BY_EXTENSION[extension] ?? BY_CATEGORY[entry.category ?? ''] ?? 'file';
}
