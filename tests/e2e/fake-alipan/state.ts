/** Everything the fake remembers: users and their drives, shares, tokens, tasks, download grants. */

import { must } from '../../must.ts';
import { Drive, type DriveFile, ROOT } from './drive.ts';
import { ApiError } from './http.ts';
import { driveId, jwtLike, randomHex, stableFileId } from './ids.ts';
import type { FakeDriveFile, FakeNode, FakeShareInit, FakeUser, FakeUserInit, ShareState } from './types.ts';

export type TokenKind = 'web' | 'open';

const DEFAULT_TOTAL_SIZE = 1024 ** 4; // 1 TiB

export class UserRecord implements FakeUser {
  readonly userId: string;
  readonly nickName: string;
  readonly avatar: string;
  webRefreshToken: string;
  openRefreshToken: string;
  /** Every refresh token this user ever had, web and open, live and spent, in order. */
  readonly issuedRefreshTokens: string[];
  readonly defaultDriveId: string;
  readonly resourceDriveId: string | undefined;
  totalSize: number;
  downloadBytesPerSec = 0;
  readonly downloads = {
    active: 0,
    peak: 0,
    activeByApp: {} as Record<string, number>,
    peakByApp: {} as Record<string, number>,
  };
  readonly drives: Drive[];
  private readonly baseUsed: number;

  constructor(init: FakeUserInit) {
    this.userId = init.userId;
    this.nickName = init.nickName;
    this.avatar = init.avatar ?? '';
    this.webRefreshToken = init.webRefreshToken;
    this.openRefreshToken = init.openRefreshToken;
    this.issuedRefreshTokens = [init.webRefreshToken, init.openRefreshToken];
    this.defaultDriveId = init.defaultDriveId ?? driveId();
    this.resourceDriveId = init.resourceDriveId === '' ? undefined : (init.resourceDriveId ?? driveId());
    this.totalSize = init.totalSize ?? DEFAULT_TOTAL_SIZE;
    this.baseUsed = init.usedSize ?? 0;
    const ids = [this.defaultDriveId, this.resourceDriveId].filter((id): id is string => !!id);
    this.drives = ids.map((id) => new Drive(id));
  }

  /** Since the backup/resource split, the backup drive is the default drive. */
  get backupDriveId(): string {
    return this.defaultDriveId;
  }

  get usedSize(): number {
    return this.drives.reduce((sum, d) => sum + d.bytes(), this.baseUsed);
  }

  get freeSize(): number {
    return this.totalSize - this.usedSize;
  }

  drive(id: string): Drive | undefined {
    return this.drives.find((d) => d.driveId === id);
  }

  /** The drive the open platform works in: the resource drive when there is one (§7). */
  get openDrive(): Drive {
    return must(this.drive(this.resourceDriveId ?? this.defaultDriveId));
  }

  files(id?: string): FakeDriveFile[] {
    const drives = id === undefined ? this.drives : this.drives.filter((d) => d.driveId === id);
    return drives.flatMap((d) => d.all().map((f) => d.snapshot(f)));
  }

  addFiles(nodes: FakeNode[], where: { driveId?: string; parentFileId?: string } = {}): FakeDriveFile[] {
    const drive = where.driveId === undefined ? this.openDrive : this.drive(where.driveId);
    const parent = where.parentFileId ?? ROOT;
    if (!drive?.isFolder(parent)) throw new Error(`addFiles: no folder ${parent} in drive ${where.driveId}`);
    return drive.plant(parent, nodes, (node) => node.fileId ?? randomHex(20)).map((f) => drive.snapshot(f));
  }

  moveFile(fileId: string, toParentFileId: string): void {
    const { drive, file } = this.located('moveFile', fileId);
    if (file.trashed) throw new Error(`moveFile: ${fileId} is in the recycle bin`);
    const inside = drive.subtree(fileId).some((f) => f.fileId === toParentFileId);
    if (!drive.isFolder(toParentFileId) || drive.get(toParentFileId)?.trashed || inside) {
      throw new Error(`moveFile: ${toParentFileId} is no live folder of drive ${drive.driveId} outside ${fileId}`);
    }
    if (drive.childNamed(toParentFileId, file.name))
      throw new Error(`moveFile: ${file.name} exists in ${toParentFileId}`);
    file.parentFileId = toParentFileId;
  }

  trashFile(fileId: string): void {
    this.located('trashFile', fileId).drive.trash(fileId);
  }

  deleteFile(fileId: string): void {
    this.located('deleteFile', fileId).drive.remove(fileId);
  }

  /** The entry and the drive holding it; a test asking for an entry the user lacks is a mistake. */
  private located(action: string, fileId: string): { drive: Drive; file: DriveFile } {
    for (const drive of this.drives) {
      const file = drive.get(fileId);
      if (file) return { drive, file };
    }
    throw new Error(`${action}: user ${this.userId} has no file ${fileId}`);
  }
}

export class ShareRecord {
  readonly drive = new Drive(driveId());
  readonly creatorId = randomHex(16);
  state: ShareState;

  constructor(readonly init: FakeShareInit) {
    this.state = init.state ?? 'ok';
    this.drive.plant(ROOT, init.tree, (node, path) => node.fileId ?? stableFileId(`${init.shareId}${path}`));
  }

  get shareId(): string {
    return this.init.shareId;
  }

  /** Throws what Alipan answers for a dead share (§3). */
  assertAlive(): void {
    const expired = !!this.init.expiration && Date.parse(this.init.expiration) < Date.now();
    if (this.state === 'cancelled')
      throw new ApiError(400, 'ShareLink.Cancelled', 'share link is cancelled by the creator');
    if (this.state === 'expired' || expired) throw new ApiError(400, 'ShareLink.Expired', 'share link is expired');
    if (this.state === 'forbidden') throw new ApiError(403, 'ShareLink.Forbidden', 'share link is forbidden');
  }
}

interface AccessGrant {
  userId: string;
  kind: TokenKind;
  /** The client the token was issued to; the CDN caps downloads per app (§8). */
  appId: string;
  expiresAt: number;
}

/** Who calls with an access token: the user, through which app. */
export interface Caller {
  user: UserRecord;
  appId: string;
}

interface ShareGrant {
  shareId: string;
  expiresAt: number;
}

export interface DownloadGrant {
  userId: string;
  /** The app whose open token asked for the URL. */
  appId: string;
  driveId: string;
  fileId: string;
  /** Whole unix seconds (rounded up), as in the URL's x-oss-expires. */
  expires: number;
  /** Epoch ms, exact: the CDN refuses from this moment on. */
  expiresAt: number;
}

export interface CopyTask {
  userId: string;
  state: 'Running' | 'Succeed' | 'Failed';
  /** Polls still answered 'Running' before the copy is done. */
  pollsLeft: number;
  total: number;
  message: string;
  /** Performs the copy; throws an ApiError when it cannot. */
  run(): void;
}

export class State {
  readonly users = new Map<string, UserRecord>();
  readonly shares = new Map<string, ShareRecord>();
  readonly tasks = new Map<string, CopyTask>();
  readonly downloadGrants = new Map<string, DownloadGrant>();
  /** alywp.net codes and where each redirects (routes/shortener.ts). */
  readonly shortLinks = new Map<string, string>();
  accessTtlSec = 7200;
  /** §7 MaxSaveFileCountExceed: files one batch may save; undefined = no limit. */
  maxSaveFileCount: number | undefined;
  /** Lifetime of every download URL, whatever the client asks (§8); may be fractional. */
  downloadUrlTtlSec = 900;
  readonly shareTtlSec = 7200;
  private readonly access = new Map<string, AccessGrant>();
  private readonly shareTokens = new Map<string, ShareGrant>();
  /** Live refresh tokens only: a token leaves the map the moment it is used. */
  private readonly refresh: Record<TokenKind, Map<string, string>> = { web: new Map(), open: new Map() };

  addUser(init: FakeUserInit): UserRecord {
    const user = new UserRecord(init);
    const taken = user.drives.find((d) => this.ownerOfDrive(d.driveId));
    if (this.users.has(user.userId) || taken)
      throw new Error(`addUser: user ${user.userId} or drive ${taken?.driveId} exists`);
    this.users.set(user.userId, user);
    this.refresh.web.set(user.webRefreshToken, user.userId);
    this.refresh.open.set(user.openRefreshToken, user.userId);
    return user;
  }

  addShare(init: FakeShareInit): ShareRecord {
    if (this.shares.has(init.shareId)) throw new Error(`addShare: share ${init.shareId} exists`);
    const share = new ShareRecord(init);
    this.shares.set(init.shareId, share);
    return share;
  }

  ownerOfDrive(id: string): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.drive(id));
  }

  /** Spends a refresh token (strict rotation): its user, now holding a new one, or undefined if dead. */
  rotateRefresh(kind: TokenKind, token: string): UserRecord | undefined {
    const user = this.users.get(this.refresh[kind].get(token) ?? '');
    if (!user) return undefined;
    this.refresh[kind].delete(token);
    const next = kind === 'web' ? randomHex(16) : jwtLike({ sub: user.userId, typ: 'open_refresh' });
    this.refresh[kind].set(next, user.userId);
    if (kind === 'web') user.webRefreshToken = next;
    else user.openRefreshToken = next;
    user.issuedRefreshTokens.push(next);
    return user;
  }

  issueAccess(
    user: UserRecord,
    kind: TokenKind,
    appId: string,
  ): { token: string; expiresIn: number; expiresAt: number } {
    const expiresAt = Date.now() + this.accessTtlSec * 1000;
    const token = jwtLike({ userId: user.userId, kind, exp: Math.floor(expiresAt / 1000) });
    this.access.set(token, { userId: user.userId, kind, appId, expiresAt });
    return { token, expiresIn: this.accessTtlSec, expiresAt };
  }

  /** The user and app behind `Authorization: Bearer`, for a token of this kind; 401 otherwise. */
  caller(headers: Record<string, string>, kind: TokenKind): Caller {
    const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
    const grant = this.access.get(token);
    if (!grant || grant.kind !== kind)
      throw new ApiError(401, 'AccessTokenInvalid', 'AccessToken is invalid. ErrValidateTokenFailed');
    if (grant.expiresAt <= Date.now())
      throw new ApiError(401, 'AccessTokenExpired', 'AccessToken is expired. ErrValidateTokenFailed');
    return { user: must(this.users.get(grant.userId)), appId: grant.appId };
  }

  authenticate(headers: Record<string, string>, kind: TokenKind): UserRecord {
    return this.caller(headers, kind).user;
  }

  expireAccessTokens(): void {
    expireAll(this.access.values());
  }

  /** A share (or, with `quickTransfer`, a `/t/` link) that exists and is alive; 404 or its dead-state error otherwise. */
  liveShare(shareId: string, quickTransfer = false): ShareRecord {
    const share = this.shares.get(shareId);
    if (!share || !!share.init.quickTransfer !== quickTransfer)
      throw new ApiError(404, 'NotFound.ShareLink', 'The resource share_link cannot be found');
    share.assertAlive();
    return share;
  }

  issueShareToken(share: ShareRecord): { token: string; expiresAt: number } {
    const expiresAt = Date.now() + this.shareTtlSec * 1000;
    const token = jwtLike({ share_id: share.shareId, exp: Math.floor(expiresAt / 1000) });
    this.shareTokens.set(token, { shareId: share.shareId, expiresAt });
    return { token, expiresAt };
  }

  /** The live share granted by the x-share-token header; 401 ShareLinkTokenInvalid when absent or expired. */
  shareFromToken(headers: Record<string, string>): ShareRecord {
    const grant = this.shareTokens.get(headers['x-share-token'] ?? '');
    if (!grant || grant.expiresAt <= Date.now()) throw shareTokenInvalid();
    return this.liveShare(grant.shareId);
  }

  expireShareTokens(): void {
    expireAll(this.shareTokens.values());
  }

  expireDownloadUrls(): void {
    expireAll(this.downloadGrants.values());
  }
}

/** Backdates grants so that they are expired now; already expired ones keep their time. */
function expireAll(grants: Iterable<{ expiresAt: number }>): void {
  for (const grant of grants) grant.expiresAt = Math.min(grant.expiresAt, Date.now() - 1);
}

export function shareTokenInvalid(): ApiError {
  return new ApiError(401, 'ShareLinkTokenInvalid', 'ShareLinkToken is invalid. expired');
}
