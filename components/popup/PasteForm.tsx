import { useState } from 'preact/hooks';
import { isAlipanError } from '../../lib/api/errors';
import { localized, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import type { ShareRef } from '../../lib/shares/model';
import { sharesFromText } from '../../lib/ui/viewer-query';

/**
 * Opens a pasted link (with its code, if the text has one) in the viewer; text with several shares
 * (a chat message full of links) is handed to `onShares` to be listed instead. Stable hook:
 * `input[name="share-url"]`.
 */
export function PasteForm(props: { onShares: (shares: ShareRef[]) => void }) {
  const [problem, setProblem] = useState('');
  /**
   * A one-line input drops the line breaks of pasted text (HTML's value sanitization), gluing
   * "…/s/<id>" to the next line's "提取码: …" and a code to the next link: they become spaces.
   */
  const paste = (e: ClipboardEvent) => {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!/[\r\n]/.test(text)) return;
    e.preventDefault();
    const input = e.currentTarget as HTMLInputElement;
    input.setRangeText(
      text.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
      input.selectionStart ?? 0,
      input.selectionEnd ?? 0,
      'end',
    );
    const shares = sharesFromText(text);
    if (shares.length > 1) props.onShares(shares);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget as HTMLFormElement).get('share-url') ?? '');
    const [first, ...more] = sharesFromText(text);
    if (!first) {
      setProblem(t('pasteNoLink'));
      return;
    }
    setProblem('');
    if (more.length > 0) return props.onShares([first, ...more]);
    try {
      await request('viewer.open', first);
    } catch (err) {
      setProblem(isAlipanError(err) ? localized(err.text) : t('unexpectedError'));
    }
  };
  return (
    <form class="paste-form" onSubmit={submit}>
      <label for="share-url">{t('pasteLabel')}</label>
      <div class="paste-row">
        <input
          id="share-url"
          name="share-url"
          type="text"
          autocomplete="off"
          spellcheck={false}
          placeholder={t('pastePlaceholder')}
          onPaste={paste}
        />
        <button type="submit">{t('codeSubmit')}</button>
      </div>
      {problem && (
        <p class="paste-error" role="alert" data-paste-error>
          {problem}
        </p>
      )}
    </form>
  );
}
