/**
 * Free space in the user's drive, with as few round trips as possible. A copy needs free space
 * equal to the file's size (§9), so the pipeline refuses early what cannot fit; the drive answers
 * `QuotaExhausted.Drive` anyway when our estimate is wrong.
 */
import { getSpaceInfo } from '../api/open';
import type { Transport } from '../api/transport';
import type { AccountPort } from './ports';

/** A known value (ours or the account check's) is trusted this long when the need fits. */
const SPACE_CACHE_MS = 5 * 60_000;
/** A value this fresh is trusted even when the need does not fit (no second ask in a row). */
const RECHECK_MS = 15_000;

interface Estimate {
  free: number;
  /** When Alipan last said so (epoch ms). */
  at: number;
  /** We asked (not a value borrowed from the account check): a refusal may rest on it. */
  asked: boolean;
}

export class SpaceBudget {
  private estimate: Estimate | undefined;

  constructor(private readonly deps: { transport: Transport; account: AccountPort; now: () => number }) {}

  /**
   * Free bytes. A recent value adjusted by our own copies and deletes answers without a round
   * trip when `need` fits; otherwise (or with no recent value) Alipan is asked.
   */
  async free(need = 0): Promise<number> {
    const known = this.estimate ?? (await this.fromAccountCheck());
    const age = known ? this.deps.now() - known.at : Infinity;
    if (known && age < SPACE_CACHE_MS && (need <= known.free || (known.asked && age < RECHECK_MS))) {
      this.estimate = known;
      return known.free;
    }
    return this.fetch();
  }

  /** A copy of `bytes` was made. */
  spend(bytes: number): void {
    if (this.estimate) this.estimate.free -= bytes;
  }

  /** A copy of `bytes` was deleted. */
  refund(bytes: number): void {
    if (this.estimate) this.estimate.free += bytes;
  }

  /** Alipan disagreed with the estimate (a copy hit the quota): ask next time. */
  forget(): void {
    this.estimate = undefined;
  }

  private async fetch(): Promise<number> {
    const { transport: t, account, now } = this.deps;
    const info = await account.withOpen((token) => getSpaceInfo(t, token));
    const { total_size: total, used_size: used = 0 } = info.personal_space_info ?? {};
    // No size in the answer: nothing to refuse on; the copy itself will say if it does not fit.
    this.estimate = { free: total === undefined ? Infinity : Math.max(0, total - used), at: now(), asked: true };
    return this.estimate.free;
  }

  /** The account check records used/total sizes: a free first estimate after a worker restart. */
  private async fromAccountCheck(): Promise<Estimate | undefined> {
    const { summary, checkedAt } = await this.deps.account.view();
    if (summary?.totalSize === undefined || summary.usedSize === undefined || checkedAt === undefined) return undefined;
    return { free: Math.max(0, summary.totalSize - summary.usedSize), at: checkedAt, asked: false };
  }
}
