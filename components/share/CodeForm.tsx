import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { isWellFormedCode } from '../../lib/ui/viewer-query';

/**
 * Asks for the extraction code. Stable hooks: `input[name="code"]`, and `[data-code-error]`
 * = `wrong-code` when the share refused the code, `malformed` when it is not 4 letters or digits.
 */
export function CodeForm({ wrongCode, onSubmit }: { wrongCode: boolean; onSubmit: (code: string) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [malformed, setMalformed] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget as HTMLFormElement).get('code') ?? '').trim();
    setMalformed(!isWellFormedCode(code));
    if (!isWellFormedCode(code)) return;
    setBusy(true);
    try {
      await onSubmit(code);
    } finally {
      setBusy(false);
    }
  };
  const error = malformed ? 'malformed' : wrongCode ? 'wrong-code' : undefined;
  return (
    <form class="code-form" onSubmit={submit} noValidate aria-busy={busy}>
      <p>{t('codeHeading')}</p>
      <label for="share-code">{t('codeLabel')}</label>
      <div class="code-row">
        <input
          id="share-code"
          name="code"
          autocomplete="off"
          spellcheck={false}
          maxLength={4}
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'code-error' : undefined}
        />
        <button type="submit" disabled={busy}>
          {t('codeSubmit')}
        </button>
      </div>
      {error && (
        <p id="code-error" class="code-error" role="alert" data-code-error={error}>
          {error === 'malformed' ? t('codeMalformed') : t('codeWrong')}
        </p>
      )}
    </form>
  );
}
