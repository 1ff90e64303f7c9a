import type { LocalizedText } from '../api/errors';
import type { TokenService } from './token-trouble';

export type AccountState = 'signed-out' | 'checking' | 'ok' | 'mismatch' | 'error';

/** What a token record in storage holds. Only the background ever reads these. */
export interface StoredTokens {
  refreshToken: string;
  accessToken?: string;
  /** Epoch ms. */
  expiresAt?: number;
  refreshedAt?: number;
  userId?: string;
}

interface AccountSummary {
  userId: string;
  nickName: string;
  avatar?: string;
  /** The drive copies land in and download links are made from (open token's drive, §7). */
  driveId: string;
  usedSize?: number;
  totalSize?: number;
}

/** Persisted, secret-free account status. */
export interface AccountStatus {
  state: AccountState;
  message?: LocalizedText;
  errorCode?: string;
  summary?: AccountSummary;
  checkedAt?: number;
  /**
   * A token service could not be reached (transient, issue 9): the account tries again by itself
   * at `at`; `state` stays what the last finished check found. Absent when nothing is retried.
   */
  retrying?: { service: TokenService; code: string; attempt: number; at: number };
}

export interface TokenFreshness {
  /** Last characters of the refresh token, so the user can tell which one is saved. */
  hint: string;
  refreshedAt?: number;
  expiresAt?: number;
}

/** What pages are shown: status plus token freshness, never a token. */
export interface AccountView extends AccountStatus {
  web?: TokenFreshness;
  open?: TokenFreshness;
  settings: AccountSettings;
  /** A renewed refresh token storage refused: it lives only in memory until a write lands. */
  tokensUnsaved?: boolean;
}

export interface AccountSettings {
  renewApiUrl: string;
  clientId: string;
}

export interface SaveAccountInput {
  webRefreshToken?: string;
  openRefreshToken?: string;
  renewApiUrl?: string;
  clientId?: string;
  clientSecret?: string;
}

export const STORAGE_KEYS = {
  webTokens: 'secret.web',
  openTokens: 'secret.open',
  clientSecret: 'secret.clientSecret',
  status: 'account.status',
  settings: 'account.settings',
  /** The open token of the drive the user switched away from, kept to delete our copies there. */
  formerOpenTokens: 'secret.formerOpen',
  formerDrive: 'account.formerDrive',
} as const;

/** Which drive `formerOpenTokens` reaches, and whose it is. */
export interface FormerDrive {
  driveId: string;
  userId: string;
}

export function tokenHint(token: string): string {
  return token.length <= 8 ? '••••' : `••••${token.slice(-4)}`;
}
