/**
 * The background's side of a content script's `shares.find` in unit tests: the same parser the
 * background runs (lib/shares/page-links.ts), with the statuses and site setting a test gives.
 */

import type { ShareStatus } from '../../lib/shares/model';
import type { PageText } from '../../lib/shares/page-links';
import { linksIn } from '../../lib/shares/page-links';

export function findAnswer(message: unknown, statuses: Record<string, ShareStatus> = {}, enabled = true) {
  const { type, data } = message as { type: string; data: { texts: PageText[] } };
  if (type !== 'shares.find') return undefined;
  return { ok: true, result: { enabled, links: enabled ? data.texts.map(linksIn) : [], statuses } };
}
