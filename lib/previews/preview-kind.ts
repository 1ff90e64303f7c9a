/**
 * What the preview pane can show of a file (issue 13): what the browser itself renders in an
 * extension page — pictures, plain text up to 1 MB, PDF in its own viewer, audio and video it
 * can play — and for anything else its details.
 */
import type { ShareEntry } from '../shares/browse';

export type PreviewKind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | 'none';

/** Text is read whole into the page: larger files are offered as downloads instead. */
export const MAX_TEXT_BYTES = 1024 * 1024;

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

function fileExtension(entry: Pick<ShareEntry, 'extension' | 'name'>): string {
  const dot = entry.name.lastIndexOf('.');
  return (entry.extension || (dot > 0 ? entry.name.slice(dot + 1) : '')).toLowerCase();
}

/** How a file previews; `none` for folders, unknown formats, and text over {@link MAX_TEXT_BYTES}. */
export function previewKind(entry: Pick<ShareEntry, 'type' | 'name' | 'extension' | 'size'>): PreviewKind {
  if (entry.type !== 'file') return 'none';
  const kind = BY_EXTENSION[fileExtension(entry)] ?? 'none';
  return kind === 'text' && (entry.size ?? 0) > MAX_TEXT_BYTES ? 'none' : kind;
}
