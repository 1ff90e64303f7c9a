import { type ShareRef, type ShareStatus, statusKey } from '../shares/model';

export type TabShare = ShareRef & { status?: ShareStatus };

/**
 * One entry per share id, in the page's order. A page may name one share with and without a
 * code (or with several): the one with a code wins, as it is the one that opens; among those,
 * one whose code is known to work.
 */
export function mergeTabShares(shares: readonly TabShare[]): TabShare[] {
  const byId = new Map<string, TabShare>();
  for (const share of shares) {
    const kept = byId.get(share.shareId);
    if (!kept || rank(share) > rank(kept)) byId.set(share.shareId, share);
  }
  return [...byId.values()];
}

function rank(share: TabShare): number {
  if (!usableCode(share)) return 0;
  return share.status?.state === 'wrong-code' ? 1 : share.status?.state === 'valid' ? 3 : 2;
}

/** A status pushed by the background (`event.shareStatus`), applied to the shares it is about. */
export function withStatus(shares: readonly TabShare[], key: string, status: ShareStatus): TabShare[] {
  return shares.map((s) => (statusKey(s) === key ? { ...s, status } : s));
}

/** Just the reference, for messages: the status stays in the popup. */
export function refOf(share: TabShare): ShareRef {
  return { shareId: share.shareId, code: usableCode(share), ...(share.folderId ? { folderId: share.folderId } : {}) };
}

/** The code worth using: a candidate (written with no keyword) only once Alipan took it. */
export function usableCode(share: TabShare): string | null {
  return share.candidate && !share.status?.codeAccepted ? null : share.code;
}
