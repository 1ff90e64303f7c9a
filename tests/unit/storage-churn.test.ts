import { describe, expect, it } from 'vitest';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { CHECK_LIMITS, CheckQueue } from '../../lib/shares/check-queue';
import { StatusCache } from '../../lib/shares/status-cache';
import { ShareStatusService } from '../../lib/shares/status-service';
import { TabRegistry } from '../../lib/shares/tab-registry';
import { memoryStore } from './memory-store';

/** A memory store that counts what each write sends to storage, as JSON (what storage keeps). */
function byteCountingStore() {
  const store = memoryStore();
  let bytes = 0;
  return {
    ...store,
    get bytes() {
      return bytes;
    },
    async set(items: Record<string, unknown>) {
      for (const [key, value] of Object.entries(items)) bytes += key.length + JSON.stringify(value).length;
      await store.set(items);
    },
  };
}

const transport: Transport = {
  async send<T>(req: ApiRequest): Promise<T> {
    const { share_id } = req.body as { share_id: string };
    return {
      share_name: `Share ${share_id}`,
      file_count: 3,
      has_pwd: false,
      creator_name: 'A**e',
      expiration: '',
    } as T;
  },
};

describe('storage written for a 2,000-link page', () => {
  it('stays within 1 MB: statuses by bucket and in batches, the tab by report chunk', async () => {
    const local = byteCountingStore();
    const session = byteCountingStore();
    const timers: (() => void)[] = [];
    const tabs = new TabRegistry(session);
    const statuses = new ShareStatusService({
      transport,
      cache: new StatusCache({ store: local, setTimer: (fn) => timers.push(fn) }),
      // Storage is measured here, not the pace: no per-minute wait.
      queue: new CheckQueue({ limits: { ...CHECK_LIMITS, perTabPerMinute: Infinity } }),
    });
    const ids = Array.from({ length: 2000 }, (_, i) => `Share${String(i).padStart(6, '0')}`);
    // As an infinite scroll reports it: 20 passes of 100 new links, each pass's statuses resolved,
    // then the batch timer fires (a second or so between two passes).
    for (let pass = 0; pass < 20; pass++) {
      const refs = ids.slice(pass * 100, pass * 100 + 100).map((shareId) => ({ shareId, code: null }));
      await tabs.add(7, 'forum.test', refs);
      await Promise.all(refs.map((ref) => statuses.resolve(ref, 7)));
      for (const fire of timers.splice(0)) fire();
    }
    await new Promise((r) => setTimeout(r, 0));
    console.info(`2,000-link page: storage.local ${local.bytes} B, storage.session ${session.bytes} B written`);
    expect(local.bytes + session.bytes).toBeLessThan(1_000_000);
    // Nothing was lost on the way: a new worker finds every status and the whole tab.
    const restarted = new StatusCache({ store: local });
    await restarted.restore();
    expect(ids.every((id) => restarted.get(`${id}:`)?.status.state === 'valid')).toBe(true);
    expect((await new TabRegistry(session).get(7))?.shares).toHaveLength(2000);
  });
});
