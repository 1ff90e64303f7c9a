/**
 * A switch of account keeps the old drive's open token until our copies there are deleted
 * (issue 9): the old drive is reached with its own token, any other drive with none.
 */
import { describe, expect, it } from 'vitest';
import { AccountService } from '../../lib/account/account-service';
import { STORAGE_KEYS } from '../../lib/account/model';
import { AlipanError, categorize } from '../../lib/api/errors';
import type { ApiRequest, Transport } from '../../lib/api/transport';
import { must } from '../must';
import { memoryStore } from './memory-store';

/** Two Alipan accounts, A and B, whose refresh tokens rotate strictly; access tokens name their account. */
function twoAccounts() {
  const refresh: Record<string, string> = { webA: 'webA-0', openA: 'openA-0', webB: 'webB-0', openB: 'openB-0' };
  let n = 0;
  const fail = (code: string, status: number) => new AlipanError({ code, status, category: categorize(code, status) });
  const renew = (kind: 'web' | 'open', sent: unknown) => {
    const account = (['A', 'B'] as const).find((a) => refresh[`${kind}${a}`] === sent);
    if (!account) throw kind === 'web' ? fail('InvalidParameter.RefreshToken', 400) : fail('RenewApi.Refused', 500);
    refresh[`${kind}${account}`] = `${kind}${account}-${++n}`;
    return {
      access_token: `${kind}${account}.${n}`,
      refresh_token: refresh[`${kind}${account}`],
      expires_in: 7200,
      user_id: `u${account}`,
    };
  };
  const accountOf = (req: ApiRequest) =>
    Object.values(req.headers ?? {})
      .join(' ')
      .match(/(?:web|open)([AB])\./)?.[1];
  const transport: Transport = {
    async send<T>(req: ApiRequest): Promise<T> {
      const path = new URL(req.url).pathname;
      if (path === '/v2/account/token') return renew('web', (req.body as { refresh_token: string }).refresh_token) as T;
      if (path === '/alicloud/renewapi') return renew('open', req.query?.refresh_ui) as T;
      const who = accountOf(req);
      if (path === '/v2/user/get') return { user_id: `u${who}`, nick_name: who } as T;
      if (path.endsWith('getDriveInfo'))
        return { user_id: `u${who}`, name: who, default_drive_id: `d${who}`, resource_drive_id: `r${who}` } as T;
      if (path.endsWith('getSpaceInfo')) return { personal_space_info: { used_size: 1, total_size: 10 } } as T;
      throw new Error(`unexpected ${req.url}`);
    },
  };
  const fresh = (key: keyof typeof refresh) => must(refresh[key]);
  return { transport, fresh };
}

async function signedInAsA() {
  const api = twoAccounts();
  const store = memoryStore();
  const account = new AccountService({ transport: api.transport, store });
  const view = await account.save({ webRefreshToken: api.fresh('webA'), openRefreshToken: api.fresh('openA') });
  expect(view, JSON.stringify(view)).toMatchObject({ state: 'ok', summary: { driveId: 'rA' } });
  return { api, store, account };
}

/** Which account's open token a call on `driveId` gets. */
const openTokenFor = (account: AccountService, driveId: string) =>
  account.withOpenIn(driveId, async (token) => token.split('.')[0]);

describe('a switch of account', () => {
  it("keeps the old drive's open token: the old drive is reached with it, the new with the new one, any other with none", async () => {
    const { api, store, account } = await signedInAsA();
    const view = await account.save({ webRefreshToken: api.fresh('webB'), openRefreshToken: api.fresh('openB') });
    expect(view).toMatchObject({ state: 'ok', summary: { userId: 'uB', driveId: 'rB' } });
    expect(await account.formerDrive()).toBe('rA');

    expect(await openTokenFor(account, 'rA')).toBe('openA');
    expect(await openTokenFor(account, 'rB')).toBe('openB');
    await expect(openTokenFor(account, 'rX')).rejects.toMatchObject({ code: 'OtherAccountDrive' });
    // The kept token rotates like any other: what is stored is the live one.
    expect((await store.get<{ refreshToken: string }>(STORAGE_KEYS.formerOpenTokens))?.refreshToken).toBe(
      api.fresh('openA'),
    );

    await account.forgetFormer('rA');
    expect(await account.formerDrive()).toBeUndefined();
    expect(await store.get(STORAGE_KEYS.formerOpenTokens)).toBeUndefined();
    await expect(openTokenFor(account, 'rA')).rejects.toMatchObject({ code: 'OtherAccountDrive' });
  });

  it('a new token of the same account keeps nothing', async () => {
    const { api, store, account } = await signedInAsA();
    // A fresh sign-in at alipan.com gives new tokens of the same user.
    await account.save({ openRefreshToken: api.fresh('openA') });
    expect(await account.formerDrive()).toBeUndefined();
    expect(await store.get(STORAGE_KEYS.formerOpenTokens)).toBeUndefined();
  });

  it('switching back: the drive is current again and served by its own token, nothing kept', async () => {
    const { api, account } = await signedInAsA();
    await account.save({ webRefreshToken: api.fresh('webB'), openRefreshToken: api.fresh('openB') });
    await account.save({ webRefreshToken: api.fresh('webA'), openRefreshToken: api.fresh('openA') });
    // The kept A token (the pending former drive) is A's: the check finds the same user and drops it.
    expect(await account.formerDrive()).toBeUndefined();
    expect(await openTokenFor(account, 'rA')).toBe('openA');
  });

  it('sign-out forgets the kept token too', async () => {
    const { api, store, account } = await signedInAsA();
    await account.save({ webRefreshToken: api.fresh('webB'), openRefreshToken: api.fresh('openB') });
    await account.signOut();
    expect(await account.formerDrive()).toBeUndefined();
    expect(await store.get(STORAGE_KEYS.formerOpenTokens)).toBeUndefined();
  });
});
