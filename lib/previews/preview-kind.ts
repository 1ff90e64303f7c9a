/**
 * What the preview pane can show of a file (issue 13): what the browser itself renders in an
 * extension page — pictures, plain text up to 1 MB, PDF up to 50 MB in its own viewer, audio and video it
 * can play — and for anything else its details.
 */
import type { ShareEntry } from '../shares/browse';

export type PreviewKind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | 'none';

/** Text is read whole into the page: larger files are offered as downloads instead. */
export const MAX_TEXT_BYTES = 1024 * 1024;
/** A PDF is read whole into the page too (then shown by the browser's viewer): memory, and the wait before it shows. */
const MAX_PDF_BYTES = 50 * 1024 * 1024;

/** The kinds whose bytes the page reads itself (the others play from the link), and how many at most. */
export type ReadKind = 'text' | 'pdf';
export const MAX_READ_BYTES: Record<ReadKind, number> = { text: MAX_TEXT_BYTES, pdf: MAX_PDF_BYTES };

export function isReadKind(kind: PreviewKind): kind is ReadKind {
  return kind === 'text' || kind === 'pdf';
}

// Formats Chromium and Firefox both decode (HEIC, RMVB, APE… they do not).
const BY_EXTENSION: Record<string, PreviewKind> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  bmp: 'image',
  avif: 'image',
  svg: 'image',
  ico: 'image',
  mp4: 'video',
  m4v: 'video',
  webm: 'video',
  ogv: 'video',
  mov: 'video',
  mp3: 'audio',
  m4a: 'audio',
  aac: 'audio',
  flac: 'audio',
  ogg: 'audio',
  oga: 'audio',
  opus: 'audio',
  wav: 'audio',
  pdf: 'pdf',
  txt: 'text',
  md: 'text',
  markdown: 'text',
  log: 'text',
  csv: 'text',
  tsv: 'text',
  json: 'text',
  xml: 'text',
  yaml: 'text',
  yml: 'text',
  toml: 'text',
  ini: 'text',
  conf: 'text',
  cfg: 'text',
  nfo: 'text',
  srt: 'text',
  ass: 'text',
  ssa: 'text',
  vtt: 'text',
  lrc: 'text',
  cue: 'text',
  html: 'text',
  htm: 'text',
  css: 'text',
  js: 'text',
  mjs: 'text',
  ts: 'text',
  tsx: 'text',
  jsx: 'text',
  py: 'text',
  rb: 'text',
  go: 'text',
  rs: 'text',
  java: 'text',
  kt: 'text',
  c: 'text',
  h: 'text',
  cpp: 'text',
  hpp: 'text',
  cs: 'text',
  php: 'text',
  sh: 'text',
  bat: 'text',
  ps1: 'text',
  sql: 'text',
  lua: 'text',
  swift: 'text',
};

/** The file's extension, lower case: the listing's, else the one in its name. */
export function fileExtension(entry: Pick<ShareEntry, 'extension' | 'name'>): string {
  const dot = entry.name.lastIndexOf('.');
  return (entry.extension || (dot > 0 ? entry.name.slice(dot + 1) : '')).toLowerCase();
}

type Previewed = Pick<ShareEntry, 'type' | 'name' | 'extension' | 'size'>;

/** How a file previews; `none` for folders, unknown formats, and text or PDF over their caps. */
export function previewKind(entry: Previewed): PreviewKind {
  return tooLargeToPreview(entry) ? 'none' : kindByName(entry);
}

/** A text or PDF file over its cap: it gets details and Download, and says why. */
export function tooLargeToPreview(entry: Previewed): boolean {
  const kind = kindByName(entry);
  return isReadKind(kind) && (entry.size ?? 0) > MAX_READ_BYTES[kind];
}

function kindByName(entry: Previewed): PreviewKind {
  return entry.type === 'file' ? (BY_EXTENSION[fileExtension(entry)] ?? 'none') : 'none';
}
