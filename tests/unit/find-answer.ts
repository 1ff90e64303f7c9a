/**
 * The background's side of a content script's `shares.find` in unit tests: the same checks and
 * parser the background runs (validate.ts, page-links.ts), with the statuses and site setting a
 * test gives.
 */
import type { ShareStatus } from '../../lib/shares/model';
import { linksIn } from '../../lib/shares/page-links';
import { asPageTexts } from '../../lib/shares/validate';

export function findAnswer(message: unknown, statuses: Record<string, ShareStatus> = {}, enabled = true) {
  const { type, data } = message as { type: string; data: { texts: unknown } };
  if (type !== 'shares.find') return undefined;
  return { ok: true, result: { enabled, links: enabled ? asPageTexts(data.texts).map(linksIn) : [], statuses } };
}
