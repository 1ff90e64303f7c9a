import { useState } from 'preact/hooks';
import { isAlipanError } from '../../lib/api/errors';
import { localized, t } from '../../lib/i18n';
import { request } from '../../lib/messaging/client';
import { shareFromText } from '../../lib/ui/viewer-query';

/** Opens a pasted link (with its code, if the text has one) in the viewer. Stable hook: `input[name="share-url"]`. */
export function PasteForm() {
  const [problem, setProblem] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget as HTMLFormElement).get('share-url') ?? '');
    const share = shareFromText(text);
    if (!share) {
      setProblem(t('pasteNoLink'));
      return;
    }
    setProblem('');
    try {
      await request('viewer.open', share);
    } catch (err) {
      setProblem(isAlipanError(err) ? localized(err.text) : t('unexpectedError'));
    }
  };
  return (
    <form class="paste-form" onSubmit={submit}>
      <label for="share-url">{t('pasteLabel')}</label>
      <div class="paste-row">
        <input id="share-url" name="share-url" type="text" autocomplete="off" spellcheck={false} placeholder={t('pastePlaceholder')} />
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
