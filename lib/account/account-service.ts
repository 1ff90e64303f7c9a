import { AlipanError, isAlipanError, type LocalizedText } from '../api/errors';
import { DEFAULT_RENEW_API_URL } from '../api/hosts';
import { downloadDriveId, getDriveInfo, getSpaceInfo, refreshOpenTokenWithApp, renewOpenToken } from '../api/open';
import type { TokenSource } from '../api/token-source';
import { withToken } from '../api/token-source';
import type { Transport } from '../api/transport';
import { getWebUser, refreshWebToken } from '../api/web';
import type { KeyValueStore } from '../platform/kv-store';
import {
  STORAGE_KEYS,
  tokenHint,
  type AccountSettings,
  type AccountStatus,
  type AccountView,
  type SaveAccountInput,
  type StoredTokens,
  type TokenFreshness,
} from './model';
import { rotatingToken } from './rotating-token';

export type AccountListener = (view: AccountView) => void;

/**
 * The user's account: the two tokens (web + open platform) of one Alipan user, their refresh,
 * and the status the options page shows. Lives in the background only.
 */
export class AccountService {
  readonly web: TokenSource;
  readonly open: TokenSource;
  private readonly listeners = new Set<AccountListener>();

  constructor(
    private readonly deps: { transport: Transport; store: KeyValueStore; now?: () => number },
  ) {
    const { transport: t, store } = deps;
    this.web = rotatingToken({
      store,
      key: STORAGE_KEYS.webTokens,
      now: deps.now,
      exchange: async (refreshToken) => {
        const res = await refreshWebToken(t, refreshToken);
        return {
          accessToken: res.access_token,
          refreshToken: res.refresh_token,
          expiresInSec: res.expires_in || 7200,
          userId: res.user_id,
        };
      },
    });
    this.open = rotatingToken({
      store,
      key: STORAGE_KEYS.openTokens,
      now: deps.now,
      exchange: async (refreshToken) => {
        const settings = await this.settings();
        const clientSecret = await store.get<string>(STORAGE_KEYS.clientSecret);
        const res =
          settings.clientId && clientSecret
            ? await refreshOpenTokenWithApp(t, { clientId: settings.clientId, clientSecret }, refreshToken)
            : await renewOpenToken(t, settings.renewApiUrl, refreshToken);
        return {
          accessToken: res.access_token,
          refreshToken: res.refresh_token,
          expiresInSec: res.expires_in || 7200,
        };
      },
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

  async view(): Promise<AccountView> {
    const { store } = this.deps;
    const [status, web, open, settings] = await Promise.all([
      store.get<AccountStatus>(STORAGE_KEYS.status),
      store.get<StoredTokens>(STORAGE_KEYS.webTokens),
      store.get<StoredTokens>(STORAGE_KEYS.openTokens),
      this.settings(),
    ]);
    return {
      ...(status ?? { state: web || open ? 'error' : 'signed-out' }),
      web: freshness(web),
      open: freshness(open),
      settings,
    };
  }

  /** Saves what the options form sent (empty fields keep the saved value), then checks. */
  async save(input: SaveAccountInput): Promise<AccountView> {
    const { store } = this.deps;
    const settings = await this.settings();
    const items: Record<string, unknown> = {
      [STORAGE_KEYS.settings]: {
        renewApiUrl: input.renewApiUrl?.trim() || settings.renewApiUrl,
        clientId: input.clientId?.trim() ?? settings.clientId,
      },
    };
    const web = input.webRefreshToken?.trim();
    const open = input.openRefreshToken?.trim();
    if (web) items[STORAGE_KEYS.webTokens] = { refreshToken: web } satisfies StoredTokens;
    if (open) items[STORAGE_KEYS.openTokens] = { refreshToken: open } satisfies StoredTokens;
    if (input.clientSecret?.trim()) items[STORAGE_KEYS.clientSecret] = input.clientSecret.trim();
    await store.set(items);
    return this.check();
  }

  /** Confirms both tokens work and belong to one user; records the account summary. */
  async check(): Promise<AccountView> {
    const { store, transport: t } = this.deps;
    const [web, open] = await Promise.all([
      store.get<StoredTokens>(STORAGE_KEYS.webTokens),
      store.get<StoredTokens>(STORAGE_KEYS.openTokens),
    ]);
    if (!web && !open) return this.setStatus({ state: 'signed-out' });
    if (!web || !open) {
      return this.setStatus({
        state: 'error',
        errorCode: 'MissingToken',
        message: !web ? TEXT.missingWeb : TEXT.missingOpen,
      });
    }
    await this.setStatus({ ...(await this.status()), state: 'checking' });
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
          checkedAt: Date.now(),
        });
      }
      if (!driveId) {
        return this.setStatus({ state: 'error', errorCode: 'NoDrive', message: TEXT.noDrive, summary });
      }
      return this.setStatus({ state: 'ok', summary, checkedAt: Date.now() });
    } catch (e) {
      const error = asAlipanError(e);
      const status = await this.status();
      // A refused token was already recorded, with which of the two it was (see guard()).
      if (status.state === 'error') return this.view();
      return this.setStatus({
        ...status,
        state: 'error',
        errorCode: error.code,
        message: error.text,
      });
    }
  }

  async signOut(): Promise<AccountView> {
    await this.deps.store.remove([
      STORAGE_KEYS.webTokens,
      STORAGE_KEYS.openTokens,
      STORAGE_KEYS.clientSecret,
      STORAGE_KEYS.status,
    ]);
    return this.setStatus({ state: 'signed-out' });
  }

  /** Runs a web-token call; refresh once on expiry; a refused refresh token marks the account. */
  withWeb<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    return this.guard(withToken(this.web, 'token-expired', call), 'web');
  }

  withOpen<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    return this.guard(withToken(this.open, 'token-expired', call), 'open');
  }

  private async guard<T>(work: Promise<T>, which: 'web' | 'open'): Promise<T> {
    try {
      return await work;
    } catch (e) {
      const error = asAlipanError(e);
      if (error.category === 'sign-in-needed' || error.category === 'token-expired') {
        const text = which === 'web' ? TEXT.webRefused : TEXT.openRefused;
        await this.setStatus({
          ...(await this.status()),
          state: 'error',
          errorCode: error.code,
          message: { en: `${text.en} ${error.text.en}`, zh: `${text.zh}${error.text.zh}` },
        });
      }
      throw error;
    }
  }

  private async status(): Promise<AccountStatus> {
    return (await this.deps.store.get<AccountStatus>(STORAGE_KEYS.status)) ?? { state: 'signed-out' };
  }

  private async setStatus(status: AccountStatus): Promise<AccountView> {
    await this.deps.store.set({ [STORAGE_KEYS.status]: status });
    const view = await this.view();
    for (const listener of this.listeners) listener(view);
    return view;
  }
}

function freshness(tokens: StoredTokens | undefined): TokenFreshness | undefined {
  if (!tokens) return undefined;
  return { hint: tokenHint(tokens.refreshToken), refreshedAt: tokens.refreshedAt, expiresAt: tokens.expiresAt };
}

function asAlipanError(e: unknown): AlipanError {
  return isAlipanError(e)
    ? e
    : new AlipanError({ code: 'Internal', category: 'unknown', detail: String((e as Error)?.message ?? e) });
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
  noDrive: {
    en: 'The open-platform token reports no drive to download from.',
    zh: '开放平台令牌没有可用于下载的云盘。',
  },
} satisfies Record<string, LocalizedText>;
