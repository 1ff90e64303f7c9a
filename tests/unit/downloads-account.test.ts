/** The download pipeline and the account (issue 9): checks and token trouble never fail a job; sign-out cleans first. */
import { describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { STORAGE_KEYS, type StoredTokens } from '../../lib/account/model';
import { relayFailure } from '../../lib/api/open';
import type { DownloadRequest, JobView } from '../../lib/downloads/model';
import { DownloadManager } from '../../lib/downloads/pipeline';
import { must } from '../must';
import { fakeAlipan, fakeDownloads, SHARE_ID, signedInAccount, storedJournal } from './downloads-fake';

const QUICK = { retryBaseMs: 5, autoResumeGraceMs: 5, cancelGraceMs: 0, holdGraceMs: 50 };

async function setup(files = 2) {
  const api = fakeAlipan({ share: Array.from({ length: files }, (_, i) => ({ name: `f${i}.bin`, size: 10 })) });
  const { store } = await signedInAccount(api);
  // The same account, retrying a token service quickly.
  const account = new AccountService({ transport: api.transport, store, recheckBaseMs: 20 });
  const dl = fakeDownloads(api.sizeOfUrl);
  const manager = new DownloadManager({ transport: api.transport, account, store, downloads: dl.port, ...QUICK });
  const request: DownloadRequest = {
    shareId: SHARE_ID,
    code: null,
    shareName: 'My Share',
    items: Array.from({ length: files }, (_, i) => {
      const e = api.shareEntry(`f${i}.bin`);
      return { fileId: e.file_id, name: e.name, type: 'file' as const, size: e.size, path: [] };
    }),
  };
  const job = async (id: string): Promise<JobView> => must((await manager.list()).find((j) => j.id === id));
  return { api, store, account, dl, manager, request, job };
}

/** Every access token expires now: the next call renews. */
async function expireAccess(store: Awaited<ReturnType<typeof setup>>['store']) {
  for (const key of [STORAGE_KEYS.webTokens, STORAGE_KEYS.openTokens]) {
    await store.set({ [key]: { ...must(await store.get<StoredTokens>(key)), expiresAt: 0 } });
  }
}

describe('DownloadManager and the account', () => {
  it('waits while the relay is overloaded and finishes once it answers: no file fails, no attempt spent', async () => {
    const { api, store, account, dl, manager, request, job } = await setup(3);
    const started = await manager.start(request);
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(2));
    // Mid-job, the open token needs renewing and the relay is overloaded for a while.
    await expireAccess(store);
    const send = api.transport.send.bind(api.transport);
    let overloaded = 3;
    api.transport.send = async (req) => {
      if (req.url.includes('/alicloud/renewapi') && overloaded-- > 0)
        throw relayFailure(500, 'server overloaded, please retry later');
      return send(req);
    };
    const retrying: string[] = [];
    account.onChange((v) => v.retrying && retrying.push(v.retrying.service));
    for (const d of dl.inProgress()) await manager.onDownloadChanged(dl.complete(d.id));
    await vi.waitFor(() => expect(retrying).toContain('relay'));
    expect((await job(started.id)).files.map((f) => f.state)).not.toContain('failed');
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1), { timeout: 3000 });
    await manager.onDownloadChanged(dl.complete(must(dl.inProgress()[0]).id));
    await vi.waitFor(async () => expect((await job(started.id)).state).toBe('done'));
    expect(overloaded).toBeLessThan(0);
    // Deletes that met the overload stay journaled: the sweep does them.
    await manager.sweep();
    expect(api.tempChildren()).toEqual([]);
  });

  it('"Check again" while a job runs: the next batch waits for the check instead of failing no-account', async () => {
    const { api, account, dl, manager, request, job } = await setup(3);
    let answer!: () => void;
    const user = api.transport.send.bind(api.transport);
    api.transport.send = async (req) => {
      if (req.url.endsWith('/v2/user/get')) await new Promise<void>((r) => (answer = r));
      return user(req);
    };
    const checking = account.check();
    await vi.waitFor(async () => expect((await account.view()).state).toBe('checking'));
    const started = manager.start(request);
    await new Promise((r) => setTimeout(r, 20));
    expect(api.count('/adrive/v4/batch')).toBe(0);
    answer();
    await checking;
    const { id } = await started;
    await vi.waitFor(() => expect(dl.inProgress().length).toBeGreaterThan(0));
    expect((await job(id)).files.some((f) => f.error?.code === 'no-account')).toBe(false);
  });

  it('releaseAll (sign-out) stops the files holding copies and deletes every copy while the tokens work', async () => {
    const { api, store, dl, manager, request, job } = await setup(2);
    const exported = await manager.start({ ...request, items: request.items.slice(0, 1) }, { mode: 'export' });
    await vi.waitFor(async () => expect((await job(exported.id)).state).toBe('exported'));
    const running = await manager.start({ ...request, items: request.items.slice(1) });
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    expect(api.tempChildren()).toHaveLength(2);

    expect(await manager.releaseAll()).toBe(0);
    expect(api.tempChildren()).toEqual([]);
    expect(await storedJournal(store)).toEqual([]);
    expect(must((await job(exported.id)).files[0]).state).toBe('done');
    expect(must((await job(running.id)).files[0]).state).toBe('cancelled');
    expect(dl.inProgress()).toEqual([]);
  });

  it('a copy it cannot delete at sign-out stays journaled for when the account is back', async () => {
    const { api, dl, manager, request } = await setup(1);
    await manager.start(request);
    await vi.waitFor(() => expect(dl.inProgress()).toHaveLength(1));
    const send = api.transport.send.bind(api.transport);
    api.transport.send = async (req) => {
      if (req.url.endsWith('/openFile/delete')) throw relayFailure(500, 'not now');
      return send(req);
    };
    expect(await manager.releaseAll()).toBe(1);
    expect(api.tempChildren()).toHaveLength(1);
  });
});
