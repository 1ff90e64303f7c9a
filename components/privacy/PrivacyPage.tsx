import { useMemo, useState } from 'preact/hooks';
import type { Lang } from '../../lib/i18n';
import { htmlLang } from '../../lib/i18n/document';
import { parseMarkdown } from '../../lib/ui/markdown-lite';
import { privacyHalf } from '../../lib/ui/privacy';
import { MarkdownText } from './MarkdownText';

/** Each half's name, in its own language. */
const NAMES: Record<Lang, string> = { en: 'English', zh: '中文' };

/**
 * The privacy policy as shipped in the package (PRIVACY.md, passed in as text): the half in the
 * UI language first, and a switch to the other half.
 */
export function PrivacyPage({ text, lang }: { text: string; lang: Lang }) {
  const [shown, setShown] = useState<Lang>(lang);
  const blocks = useMemo(() => parseMarkdown(privacyHalf(text, shown)), [text, shown]);
  const other: Lang = shown === 'zh' ? 'en' : 'zh';
  return (
    <main class="privacy" lang={htmlLang(shown)}>
      <button
        type="button"
        class="privacy-switch"
        lang={htmlLang(other)}
        data-action="privacy-language"
        onClick={() => setShown(other)}
      >
        {NAMES[other]}
      </button>
      <MarkdownText blocks={blocks} />
    </main>
  );
}
