/**
 * The little Markdown that PRIVACY.md uses, as data for the privacy page: headings, paragraphs,
 * bullet lists, `code` and **bold**. The page renders these as elements with text children, so
 * nothing in the text is ever parsed as HTML. Anything else stays as written.
 */

export type Inline = { kind: 'text' | 'code' | 'strong'; text: string };

export type Block =
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] };

const HEADING = /^(#{1,6})\s+(.*)$/;
const ITEM = /^[-*]\s+(.*)$/;
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*/g;
/** Han, CJK punctuation and full-width forms: a line break between two of these is no space. */
const WIDE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = []; // the paragraph or list item being read
  let items: string[][] | undefined; // the list being read

  const endParagraph = () => {
    if (!items && lines.length > 0) blocks.push({ kind: 'paragraph', content: parseInline(joinLines(lines)) });
    if (!items) lines = [];
  };
  const endList = () => {
    if (items) blocks.push({ kind: 'list', items: items.map((item) => parseInline(joinLines(item))) });
    items = undefined;
    lines = [];
  };

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = HEADING.exec(line);
    const item = ITEM.exec(line);
    if (line === '') {
      endParagraph();
      endList();
    } else if (heading) {
      endParagraph();
      endList();
      const [, marks = '', text = ''] = heading;
      blocks.push({ kind: 'heading', level: marks.length, content: parseInline(text) });
    } else if (item) {
      endParagraph();
      lines = [item[1] ?? ''];
      items ??= [];
      items.push(lines);
    } else {
      lines.push(line.trim()); // a paragraph's next line, or the current list item's
    }
  }
  endParagraph();
  endList();
  return blocks;
}

function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push({ kind: 'text', text: text.slice(at, m.index) });
    out.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'strong', text: m[2] ?? '' });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

/** Joins wrapped lines as a browser would show them: a space, except between two Chinese characters. */
function joinLines(lines: string[]): string {
  return lines.reduce((all, next) =>
    WIDE.test(all.slice(-1)) && WIDE.test(next[0] ?? '') ? all + next : `${all} ${next}`,
  );
}
