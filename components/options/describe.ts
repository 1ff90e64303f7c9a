import { isAlipanError } from '../../lib/api/errors';
import { localized } from '../../lib/i18n';

/** A failure as the options page words it. */
export function describe(e: unknown): string {
  return isAlipanError(e) ? localized(e.text) : String((e as Error)?.message ?? e);
}
