import { AlipanError, isAlipanError, type LocalizedText } from '../api/errors';
import { DEFAULT_RENEW_API_URL } from '../api/hosts';
import { downloadDriveId, getDriveInfo, getSpaceInfo, refreshOpenTokenWithApp, renewOpenToken } from '../api/open';
import { withToken } from '../api/token-source';
import type { Transport } from '../api/transport';
import { getWebUser, refreshWebToken } from '../api/web';
import type { KeyValueStore } from '../platform/kv-store';
import { isUnreadableSecret } from '../platform/sealed-store';
import {
  type AccountSettings,
  type AccountStatus,
  type AccountView,
  type FormerDrive,
  type SaveAccountInput,
  STORAGE_KEYS,
  type StoredTokens,
  type TokenFreshness,
  tokenHint,
} from './model';
import { type RotatingToken, rotatingToken } from './rotating-token';
import { SpentTokens } from './spent-tokens';
import { serviceDown, type TokenService } from './token-trouble';

export type AccountListener = (view: AccountView) => void;

export interface AccountDeps {
  transport: Transport;
  store: KeyValueStore;
  now?: () => number;
  /** Asks to be woken at this time (chrome.alarms): a retry may outlive the worker. */
  wakeAt?: (at: number) => void;
  /** First wait before a token service that could not be reached is tried again (doubles, ≤ 5 min). Default 3 s. */
  recheckBaseMs?: number;
}

const MAX_RECHECK_MS = 5 * 60_000;

/**
 * The user's account: the two tokens (web + open platform) of one Alipan user, their refresh,
 * and the status the options page shows. Lives in the background only.
 */
export class AccountService {
  readonly web: RotatingToken;
  readonly open: RotatingToken;
  /** The open token of the drive the user switched away from, while our copies there remain (see save()). */
  private readonly former: RotatingToken;
  private readonly listeners = new Set<AccountListener>();
  private readonly spent: SpentTokens;
  private readonly now: () => number;
  /** Renewed refresh tokens storage refused (kept in memory meanwhile, see rotatingToken). */
  private readonly unsaved = new Set<'web' | 'open' | 'former'>();
  private recheckTimer: ReturnType<typeof setTimeout> | undefined;
  private checksRunning = 0;

  constructor(private readonly deps: AccountDeps) {
    const { transport: t, store } = deps;
    this.now = deps.now ?? Date.now;
    this.spent = new SpentTokens(store);
    const common = { store, now: deps.now, onSpent: (token: string) => this.spent.remember(token) };
    this.web = rotatingToken({
      ...common,
      key: STORAGE_KEYS.webTokens,
      service: async () => 'web',
      exchange: (refreshToken) => refreshWebToken(t, refreshToken),
      onUnsaved: (unsaved) => this.markUnsaved('web', unsaved),
    });
    const openRenewal = {
      service: async (): Promise<TokenService> => ((await this.ownApp()) ? 'app' : 'relay'),
      exchange: async (refreshToken: string) => {
        const app = await this.ownApp();
        return app
          ? refreshOpenTokenWithApp(t, app, refreshToken)
          : renewOpenToken(t, (await this.settings()).renewApiUrl, refreshToken);
      },
    };
    this.open = rotatingToken({
      ...common,
      ...openRenewal,
      key: STORAGE_KEYS.openTokens,
      onUnsaved: (unsaved) => this.markUnsaved('open', unsaved),
    });
    this.former = rotatingToken({
      ...common,
      ...openRenewal,
      key: STORAGE_KEYS.formerOpenTokens,
      onUnsaved: (unsaved) => this.markUnsaved('former', unsaved),
    });
  }

  onChange(listener: AccountListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async settings(): Promise<AccountSettings> {
    const saved = await this.deps.store.get<Partial<AccountSettings>>(STORAGE_KEYS.settings);
    return { renewApiUrl: saved?.renewApiUrl || DEFAULT_RENEW_API_URL, clientId: saved?.clientId ?? '' };
  }

  /** What the pages show. Never throws: whatever lies in storage, the options page gets a view and its form. */
  async view(): Promise<AccountView> {
    const { store } = this.deps;
    const [status, web, open, settings] = await Promise.all([
      store.get<AccountStatus>(STORAGE_KEYS.status).catch(() => undefined),
      this.readTokens(STORAGE_KEYS.webTokens),
      this.readTokens(STORAGE_KEYS.openTokens),
      this.settings().catch(() => ({ renewApiUrl: DEFAULT_RENEW_API_URL, clientId: '' })),
    ]);
    const unreadable = web === UNREADABLE || open === UNREADABLE;
    const stored = status ?? { state: web || open ? 'error' : 'signed-out' };
    return {
      ...(unreadable
        ? { state: 'error', errorCode: UNREADABLE_CODE, message: TEXT.unreadable, summary: stored.summary }
        : stored),
      web: freshness(web),
      open: freshness(open),
      settings,
      ...(this.unsaved.size > 0 ? { tokensUnsaved: true } : {}),
    };
  }

  /**
   * The view once no check is running and no token service is being retried: a job waits here
   * instead of failing (issue 9). Any settled state resolves it; the caller decides.
   */
  async usable(): Promise<AccountView> {
    for (;;) {
      const changed = new Promise<void>((resolve) => {
        const off = this.onChange(() => {
          off();
          resolve();
        });
      });
      const view = await this.view();
      if (view.state !== 'checking' && !view.retrying) return view;
      await changed;
    }
  }

  /**
   * Saves what the options form sent (empty fields keep the saved value), then checks. A token
   * the extension already used is refused before anything is written: the working one stays.
   */
  async save(input: SaveAccountInput): Promise<AccountView> {
    const { store } = this.deps;
    const web = input.webRefreshToken?.trim();
    const open = input.openRefreshToken?.trim();
    for (const token of [web, open]) {
      if (token && (await this.spent.has(token))) throw alreadyUsedError(await this.view());
    }
    const settings = await this.settings();
    const items: Record<string, unknown> = {
      [STORAGE_KEYS.settings]: {
        renewApiUrl: input.renewApiUrl?.trim() || settings.renewApiUrl,
        clientId: input.clientId?.trim() ?? settings.clientId,
      },
    };
    // The token in use pasted again is kept with its access token: nothing is replaced.
    const replace = async (token: string | undefined, key: string, source: RotatingToken) => {
      const saved = await this.readTokens(key);
      if (!token || (saved !== UNREADABLE && saved?.refreshToken === token)) return;
      items[key] = { refreshToken: token } satisfies StoredTokens;
      source.reset();
    };
    await replace(web, STORAGE_KEYS.webTokens, this.web);
    const openSaved = await this.readTokens(STORAGE_KEYS.openTokens);
    await replace(open, STORAGE_KEYS.openTokens, this.open);
    if (items[STORAGE_KEYS.openTokens]) Object.assign(items, await this.keepFormer(openSaved));
    if (input.clientSecret?.trim()) items[STORAGE_KEYS.clientSecret] = input.clientSecret.trim();
    await store.set(items);
    return this.check();
  }

  /** Confirms both tokens work and belong to one user; records the account summary. */
  async check(): Promise<AccountView> {
    this.checksRunning += 1;
    try {
      return await this.checkOnce();
    } finally {
      this.checksRunning -= 1;
    }
  }

  /**
   * On worker start, and when the retry alarm rings: a check the last worker left unfinished is
   * done again, and a retry that is due (or whose timer died with the worker) runs.
   */
  async resume(): Promise<void> {
    const status = await this.status();
    if (status.state === 'checking' && this.checksRunning === 0) return void (await this.check());
    if (status.retrying && this.recheckTimer === undefined) this.recheckAt(status.retrying.at);
  }

  /** Forgets the tokens and the client secret; `copiesLeft` says what the drive still holds of ours. */
  async signOut(opts: { copiesLeft?: number } = {}): Promise<AccountView> {
    this.web.reset();
    this.open.reset();
    this.former.reset();
    this.cancelRecheck();
    await this.deps.store.remove([
      STORAGE_KEYS.webTokens,
      STORAGE_KEYS.openTokens,
      STORAGE_KEYS.clientSecret,
      STORAGE_KEYS.status,
      STORAGE_KEYS.formerOpenTokens,
      STORAGE_KEYS.formerDrive,
    ]);
    const left = opts.copiesLeft ?? 0;
    return this.setStatus({ state: 'signed-out', ...(left > 0 ? { message: copiesLeftText(left) } : {}) });
  }

  /** Runs a web-token call; refresh once on expiry; a refused refresh token marks the account. */
  withWeb<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    return this.guard(withToken(this.web, 'token-expired', call), 'web');
  }

  withOpen<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    return this.guard(withToken(this.open, 'token-expired', call), 'open');
  }

  /**
   * An open-token call on `driveId`: the current drive's token, or — for the drive the user
   * switched away from — that drive's own, kept until our copies there are deleted. Any other
   * drive is out of reach (its account's token is gone): refused, never tried with ours.
   */
  async withOpenIn<T>(driveId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    if ((await this.formerDrive()) === driveId) return this.withFormer(call);
    const current = (await this.status()).summary?.driveId;
    if (current && current !== driveId) throw otherDriveError(driveId);
    return this.withOpen(call);
  }

  /** The drive a switch of account left copies in, while its token is kept to delete them. */
  async formerDrive(): Promise<string | undefined> {
    return (await this.deps.store.get<FormerDrive>(STORAGE_KEYS.formerDrive))?.driveId;
  }

  /** Our copies in that drive are all gone (or out of reach): its token is no longer needed. */
  async forgetFormer(driveId: string): Promise<void> {
    if ((await this.formerDrive()) !== driveId) return;
    this.former.reset();
    await this.deps.store.remove([STORAGE_KEYS.formerOpenTokens, STORAGE_KEYS.formerDrive]);
  }

  /**
   * A save replacing the open token of a known drive keeps the old token (in the same write as
   * the new one), so copies in that drive can still be deleted if the new token turns out to be
   * another account's. One former drive at a time: a pending one stays (its copies are the
   * older), and a later switch leaves its drive's copies journaled for that account's return.
   */
  private async keepFormer(saved: StoredTokens | typeof UNREADABLE | undefined): Promise<Record<string, unknown>> {
    const summary = (await this.status()).summary;
    if (!saved || saved === UNREADABLE || !summary?.driveId || (await this.formerDrive())) return {};
    this.former.reset();
    return {
      [STORAGE_KEYS.formerOpenTokens]: saved,
      [STORAGE_KEYS.formerDrive]: { driveId: summary.driveId, userId: summary.userId } satisfies FormerDrive,
    };
  }

  private async withFormer<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    try {
      return await withToken(this.former, 'token-expired', call);
    } catch (e) {
      const error = asAccountError(e);
      // That account's token no longer works: its copies wait, journaled, for it to sign in again.
      if (error.category === 'sign-in-needed') await this.forgetFormer((await this.formerDrive()) ?? '');
      throw error;
    }
  }

  private async checkOnce(): Promise<AccountView> {
    const { transport: t } = this.deps;
    const before = await this.status();
    const [web, open] = await Promise.all([
      this.readTokens(STORAGE_KEYS.webTokens),
      this.readTokens(STORAGE_KEYS.openTokens),
    ]);
    if (web === UNREADABLE || open === UNREADABLE) {
      return this.setStatus({
        state: 'error',
        errorCode: UNREADABLE_CODE,
        message: TEXT.unreadable,
        summary: before.summary,
      });
    }
    if (!web && !open) return this.setStatus({ state: 'signed-out' });
    if (!web || !open) {
      return this.setStatus({
        state: 'error',
        errorCode: 'MissingToken',
        message: !web ? TEXT.missingWeb : TEXT.missingOpen,
      });
    }
    this.cancelRecheck();
    await this.setStatus({ ...before, state: 'checking' });
    try {
      const [user, drive, space] = await Promise.all([
        this.withWeb((token) => getWebUser(t, token)),
        this.withOpen((token) => getDriveInfo(t, token)),
        this.withOpen((token) => getSpaceInfo(t, token)),
      ]);
      const driveId = downloadDriveId(drive);
      const summary = {
        userId: user.user_id,
        nickName: user.nick_name || user.user_name || drive.name || user.user_id,
        avatar: user.avatar || drive.avatar,
        driveId: driveId ?? '',
        usedSize: space.personal_space_info?.used_size,
        totalSize: space.personal_space_info?.total_size,
      };
      if (drive.user_id !== user.user_id) {
        return this.setStatus({
          state: 'mismatch',
          errorCode: 'AccountMismatch',
          message: mismatchText(user.nick_name || user.user_id, drive.name || drive.user_id),
          summary,
          checkedAt: this.now(),
        });
      }
      if (!driveId) {
        return this.setStatus({ state: 'error', errorCode: 'NoDrive', message: TEXT.noDrive, summary });
      }
      // The new token is the same user's: no switch, the kept one is not needed.
      const former = await this.deps.store.get<FormerDrive>(STORAGE_KEYS.formerDrive);
      if (former?.userId === summary.userId) await this.forgetFormer(former.driveId);
      return this.setStatus({ state: 'ok', summary, checkedAt: this.now() });
    } catch (e) {
      const error = asAccountError(e);
      const down = serviceDown(error);
      if (down) return this.retryLater(error, down, before);
      const status = await this.status();
      // A refused token was already recorded, with which of the two it was (see guard()).
      if (status.state === 'error') return this.view();
      return this.setStatus({
        ...status,
        state: 'error',
        errorCode: error.code,
        message: error.text,
        retrying: undefined,
      });
    }
  }

  private async guard<T>(work: Promise<T>, which: 'web' | 'open'): Promise<T> {
    try {
      return await work;
    } catch (e) {
      const error = asAccountError(e);
      const down = serviceDown(error);
      const status = await this.status();
      if (error.category === 'sign-in-needed' || error.category === 'token-expired') {
        const text = which === 'web' ? TEXT.webRefused : TEXT.openRefused;
        this.cancelRecheck();
        await this.setStatus({
          ...status,
          state: 'error',
          errorCode: error.code,
          message: { en: `${text.en} ${error.text.en}`, zh: `${text.zh}${error.text.zh}` },
          retrying: undefined,
        });
      } else if (down && status.state !== 'checking') {
        // Before the caller sees the error: a job that waits on `usable()` must find the retry noted.
        await this.retryLater(error, down, status);
      }
      throw error;
    }
  }

  /**
   * Transient trouble reaching a token service: the state stays what the last check found (a
   * first check shows the trouble as its error) and a check runs again after a backoff.
   */
  private async retryLater(error: AlipanError, service: TokenService, settled: AccountStatus): Promise<AccountView> {
    // Calls that failed together share one retry.
    if (settled.retrying && this.recheckTimer !== undefined) return this.view();
    const attempt = (settled.retrying?.attempt ?? 0) + 1;
    const at = this.now() + Math.min(MAX_RECHECK_MS, (this.deps.recheckBaseMs ?? 3000) * 2 ** (attempt - 1));
    this.recheckAt(at);
    const retrying = { service, code: error.code, attempt, at };
    const wasOk = settled.state === 'ok';
    return this.setStatus({
      ...settled,
      state: wasOk ? 'ok' : 'error',
      errorCode: wasOk ? settled.errorCode : error.code,
      message: wasOk ? settled.message : error.text,
      retrying,
    });
  }

  private recheckAt(at: number): void {
    this.cancelRecheck();
    this.recheckTimer = setTimeout(
      () => {
        this.recheckTimer = undefined;
        void this.check();
      },
      Math.max(0, at - this.now()),
    );
    this.deps.wakeAt?.(at);
  }

  private cancelRecheck(): void {
    if (this.recheckTimer !== undefined) clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
  }

  /** The user's own open-platform app, when both its id and secret are set (§2). */
  private async ownApp(): Promise<{ clientId: string; clientSecret: string } | undefined> {
    const [settings, clientSecret] = await Promise.all([
      this.settings(),
      this.deps.store.get<string>(STORAGE_KEYS.clientSecret),
    ]);
    return settings.clientId && clientSecret ? { clientId: settings.clientId, clientSecret } : undefined;
  }

  /** A token record, `UNREADABLE` when its seal no longer opens (Firefox), undefined when absent or not a record. */
  private async readTokens(key: string): Promise<StoredTokens | typeof UNREADABLE | undefined> {
    try {
      const tokens = await this.deps.store.get<StoredTokens>(key);
      return typeof tokens?.refreshToken === 'string' && tokens.refreshToken ? tokens : undefined;
    } catch (e) {
      if (isUnreadableSecret(e)) return UNREADABLE;
      throw e;
    }
  }

  private markUnsaved(which: 'web' | 'open' | 'former', unsaved: boolean): void {
    if (unsaved) this.unsaved.add(which);
    else this.unsaved.delete(which);
    void this.view().then((view) => this.notify(view));
  }

  private async status(): Promise<AccountStatus> {
    return (await this.deps.store.get<AccountStatus>(STORAGE_KEYS.status)) ?? { state: 'signed-out' };
  }

  private async setStatus(status: AccountStatus): Promise<AccountView> {
    await this.deps.store.set({ [STORAGE_KEYS.status]: status });
    const view = await this.view();
    this.notify(view);
    return view;
  }

  private notify(view: AccountView): void {
    for (const listener of this.listeners) listener(view);
  }
}

const UNREADABLE = Symbol('unreadable');
const UNREADABLE_CODE = 'SecretUnreadable';

function freshness(tokens: StoredTokens | typeof UNREADABLE | undefined): TokenFreshness | undefined {
  if (!tokens || tokens === UNREADABLE) return undefined;
  return { hint: tokenHint(tokens.refreshToken), refreshedAt: tokens.refreshedAt, expiresAt: tokens.expiresAt };
}

function asAccountError(e: unknown): AlipanError {
  if (isAlipanError(e)) return e;
  if (isUnreadableSecret(e))
    return new AlipanError({ code: UNREADABLE_CODE, category: 'sign-in-needed', text: TEXT.unreadable });
  return new AlipanError({ code: 'Internal', category: 'unknown', detail: String((e as Error)?.message ?? e) });
}

function copiesLeftText(count: number): LocalizedText {
  return {
    en: `${count} temporary ${count === 1 ? 'copy' : 'copies'} could not be deleted from your drive now; the extension deletes them when this account signs in again.`,
    zh: `有 ${count} 个临时副本暂时无法从网盘中删除；该账号再次登录时扩展会删除它们。`,
  };
}

function otherDriveError(driveId: string): AlipanError {
  return new AlipanError({ code: 'OtherAccountDrive', category: 'sign-in-needed', detail: driveId });
}

/** A pasted or imported refresh token the extension already used: it rotated, so it no longer works (§1, §2). */
function alreadyUsedError(current: AccountView): AlipanError {
  const stillSignedIn = current.state === 'ok' || current.state === 'checking';
  return new AlipanError({
    code: 'TokenAlreadyUsed',
    category: 'unknown',
    text: stillSignedIn ? TEXT.alreadyUsedSignedIn : TEXT.alreadyUsed,
  });
}

function mismatchText(webUser: string, openUser: string): LocalizedText {
  return {
    en: `The two tokens belong to different accounts (web: ${webUser}, open platform: ${openUser}). Use tokens of one account, or copies land where downloads cannot read them.`,
    zh: `两个令牌属于不同账号（网页端：${webUser}，开放平台：${openUser}）。请使用同一账号的令牌，否则转存的文件无法下载。`,
  };
}

const TEXT = {
  missingWeb: {
    en: 'The web refresh token is missing: downloads need both tokens.',
    zh: '缺少网页端 refresh token：下载需要两个令牌。',
  },
  missingOpen: {
    en: 'The open-platform refresh token is missing: downloads need both tokens.',
    zh: '缺少开放平台 refresh token：下载需要两个令牌。',
  },
  webRefused: { en: 'Web token:', zh: '网页端令牌：' },
  openRefused: { en: 'Open-platform token:', zh: '开放平台令牌：' },
  unreadable: {
    en: 'The saved tokens can no longer be read — paste them again.',
    zh: '已保存的令牌无法再读取——请重新粘贴。',
  },
  alreadyUsedSignedIn: {
    en: 'This token was already used by the extension; you are still signed in.',
    zh: '该令牌已被扩展使用过；你仍处于登录状态。',
  },
  alreadyUsed: {
    en: 'This token was already used by the extension and no longer works: sign in at www.alipan.com again and copy the new one.',
    zh: '该令牌已被扩展使用过，已经失效：请重新登录 www.alipan.com 并复制新的令牌。',
  },
  noDrive: {
    en: 'The open-platform token reports no drive to download from.',
    zh: '开放平台令牌没有可用于下载的云盘。',
  },
} satisfies Record<string, LocalizedText>;
