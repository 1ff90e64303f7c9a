/**
 * Subtitles beside a video in a share (issue 13): `movie.srt`, `movie.zh.ass`, `movie.chs.vtt`
 * next to `movie.mp4` become selectable tracks. `<track>` reads WebVTT only, so SRT and ASS/SSA
 * are converted in the page; cue text is escaped, so a subtitle file's markup stays text.
 */
import type { ShareEntry } from '../shares/browse';
import { fileExtension, MAX_TEXT_BYTES } from './preview-kind';

export type SubtitleFormat = 'srt' | 'ass' | 'vtt';

export interface SubtitleFile {
  entry: ShareEntry;
  format: SubtitleFormat;
  /** What the track menu shows: the part between the video's name and the extension, or the format. */
  label: string;
  /** BCP 47 guess from that part (`zh`, `en`), '' when it says nothing. */
  language: string;
}

const FORMATS: Record<string, SubtitleFormat> = { srt: 'srt', ass: 'ass', ssa: 'ass', vtt: 'vtt' };
const LANGUAGES: Record<string, string> = {
  zh: 'zh',
  chs: 'zh-Hans',
  sc: 'zh-Hans',
  gb: 'zh-Hans',
  简体: 'zh-Hans',
  简: 'zh-Hans',
  cht: 'zh-Hant',
  tc: 'zh-Hant',
  big5: 'zh-Hant',
  繁体: 'zh-Hant',
  繁: 'zh-Hant',
  en: 'en',
  eng: 'en',
  english: 'en',
  ja: 'ja',
  jp: 'ja',
  jpn: 'ja',
  ko: 'ko',
  kor: 'ko',
};

const stem = (name: string) => (name.lastIndexOf('.') > 0 ? name.slice(0, name.lastIndexOf('.')) : name);

/** The subtitle files named after `video` among its folder's `siblings`, in name order; none over {@link MAX_TEXT_BYTES} (read whole, as text is). */
export function subtitlesFor(video: Pick<ShareEntry, 'name'>, siblings: readonly ShareEntry[]): SubtitleFile[] {
  const base = stem(video.name).toLowerCase();
  return siblings
    .flatMap((entry): SubtitleFile[] => {
      const readable = entry.type === 'file' && (entry.size ?? 0) <= MAX_TEXT_BYTES;
      const format = readable ? FORMATS[fileExtension(entry)] : undefined;
      const name = stem(entry.name);
      if (!format || !(name.toLowerCase() === base || name.toLowerCase().startsWith(`${base}.`))) return [];
      const tag = name.slice(base.length + 1);
      return [{ entry, format, label: tag || format.toUpperCase(), language: LANGUAGES[tag.toLowerCase()] ?? '' }];
    })
    .sort((a, b) => a.entry.name.localeCompare(b.entry.name));
}

/** The file's text as WebVTT. */
export function toWebVtt(text: string, format: SubtitleFormat): string {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (format === 'vtt') return lines;
  const cues = format === 'srt' ? srtCues(lines) : assCues(lines);
  return `WEBVTT\n\n${cues.map((c) => `${c.start} --> ${c.end}\n${escapeCueText(c.text)}\n`).join('\n')}`;
}

interface Cue {
  start: string;
  end: string;
  text: string;
}

const SRT_TIME = /(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})/;

function srtCues(text: string): Cue[] {
  return text.split(/\n{2,}/).flatMap((block): Cue[] => {
    const rows = block.split('\n').filter((r) => r.trim() !== '');
    const timing = rows.findIndex((r) => r.includes('-->'));
    if (timing < 0) return [];
    const [from, to] = (rows[timing] ?? '').split('-->').map((t) => vttTime(t.match(SRT_TIME)));
    return from && to ? [{ start: from, end: to, text: rows.slice(timing + 1).join('\n') }] : [];
  });
}

/** ASS/SSA: the `[Events]` section's Dialogue lines, fields named by its Format line; style overrides dropped. */
function assCues(text: string): Cue[] {
  let format: string[] = [];
  let inEvents = false;
  const cues: Cue[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) inEvents = trimmed.toLowerCase() === '[events]';
    else if (inEvents && /^format\s*:/i.test(trimmed))
      format = trimmed
        .slice(trimmed.indexOf(':') + 1)
        .split(',')
        .map((f) => f.trim().toLowerCase());
    else if (inEvents && /^dialogue\s*:/i.test(trimmed) && format.length > 0) {
      // The text field is last and may itself hold commas.
      const fields = trimmed.slice(trimmed.indexOf(':') + 1).split(',');
      const value = (name: string) => {
        const i = format.indexOf(name);
        return i < 0 ? '' : i === format.length - 1 ? fields.slice(i).join(',') : (fields[i] ?? '');
      };
      const start = vttTime(value('start').trim().match(ASS_TIME), 2);
      const end = vttTime(value('end').trim().match(ASS_TIME), 2);
      const cueText = value('text')
        .replace(/\{[^}]*\}/g, '')
        .replace(/\\[Nn]/g, '\n')
        .replace(/\\h/g, '\u00a0')
        .trim();
      if (start && end && cueText) cues.push({ start, end, text: cueText });
    }
  }
  return cues.sort((a, b) => a.start.localeCompare(b.start));
}

const ASS_TIME = /(\d{1,2}):(\d{2}):(\d{2})\.(\d{1,2})/;

/** `hh:mm:ss.mmm` from a matched time; ASS counts hundredths (`fractionDigits` 2). */
function vttTime(m: RegExpMatchArray | null | undefined, fractionDigits = 3): string | undefined {
  if (!m) return undefined;
  const [, h = '', min = '', s = '', fraction = ''] = m;
  const ms = fractionDigits === 2 ? `${fraction.padEnd(2, '0')}0` : fraction.padEnd(3, '0');
  return `${h.padStart(2, '0')}:${min}:${s}.${ms}`;
}

/** WebVTT cue text reads `<…>` as cue tags and `&…;` as references (and a `-->` would end the cue): keep them literal. */
function escapeCueText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
