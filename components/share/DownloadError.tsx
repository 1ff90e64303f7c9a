import { localized, t } from '../../lib/i18n';
import type { DownloadProblem } from '../../lib/ui/download-request';
import { OptionsLink } from './OptionsLink';

/** Why a download did not start; `[data-download-error]` is the API code, `no-account` or `network`. */
export function DownloadError({ problem }: { problem: DownloadProblem }) {
  return (
    <p class="download-error" role="alert" data-download-error={problem.code}>
      {localized(problem.text) || t('unexpectedError')}
      {problem.needsAccount && (
        <>
          {' '}
          <OptionsLink>{t('openSettings')}</OptionsLink>
        </>
      )}
    </p>
  );
}
