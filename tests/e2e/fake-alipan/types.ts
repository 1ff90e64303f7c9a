/** Public shapes of the fake Alipan service (re-exported by server.ts). */

export interface FakeNode {
  name: string;
  type: 'file' | 'folder';
  /** Files only. Without `content`, the bytes are synthetic: byte i is `i % 251`. */
  size?: number;
  content?: Buffer | string;
  children?: FakeNode[];
  /** Banned by Alipan: listings carry `punish_flag` 1 (§5), and a copy of it is refused per item with 403 ForbiddenNoPermission.File (§7). */
  banned?: boolean;
  /** 40 hex; derived from the share id and path when omitted, so ids are stable across runs. */
  fileId?: string;
  updatedAt?: string;
}

export type ShareState = 'ok' | 'cancelled' | 'expired' | 'forbidden';

export interface FakeShareInit {
  shareId: string;
  pwd?: string;
  name: string;
  creatorName?: string;
  /** ISO; '' or absent = never. A past date behaves like state 'expired'. */
  expiration?: string;
  state?: ShareState;
  tree: FakeNode[];
  /** A quick-transfer (`/t/`) link: only §10's call knows it, and it knows nothing else. */
  quickTransfer?: boolean;
}

export interface FakeUserInit {
  userId: string;
  nickName: string;
  avatar?: string;
  webRefreshToken: string;
  openRefreshToken: string;
  totalSize?: number;
  /** Space taken by content the fake does not model; files in the drives add to it. */
  usedSize?: number;
  defaultDriveId?: string;
  /** Generated when absent; '' means the account has no resource drive. */
  resourceDriveId?: string;
}

/** A snapshot of one entry in a user's drive. */
export interface FakeDriveFile {
  fileId: string;
  driveId: string;
  parentFileId: string;
  name: string;
  type: 'file' | 'folder';
  size: number;
  /** '/'-joined names from the drive root, e.g. '/tmp/a.txt'. */
  path: string;
  /** In the recycle bin (trashed itself or inside a trashed folder). */
  trashed: boolean;
  /** ISO; for a copy, the moment it was made. */
  createdAt: string;
}

export interface FakeUser {
  readonly userId: string;
  readonly nickName: string;
  /** The one web / open refresh token that works now (strict rotation). */
  readonly webRefreshToken: string;
  readonly openRefreshToken: string;
  /** Every web and open refresh token the user ever had, the first two and the spent ones included. */
  readonly issuedRefreshTokens: readonly string[];
  readonly defaultDriveId: string;
  readonly resourceDriveId: string | undefined;
  readonly backupDriveId: string;
  totalSize: number;
  /** Base used size plus every file in the user's drives. */
  readonly usedSize: number;
  /** CDN throttle for this user's files; 0 = unlimited. */
  downloadBytesPerSec: number;
  /**
   * CDN downloads of this user's files in flight now, and the most seen at once: in all, and per app
   * (the client behind the open token that got the URL: 'relay' for renew-relay tokens, else the OAuth client_id).
   */
  readonly downloads: {
    readonly active: number;
    readonly peak: number;
    readonly activeByApp: Readonly<Record<string, number>>;
    readonly peakByApp: Readonly<Record<string, number>>;
  };
  /** Every entry of one drive, or of all the user's drives. */
  files(driveId?: string): FakeDriveFile[];
  /** Puts a tree into a drive (default: resource drive, else default drive) under a folder (default root). */
  addFiles(nodes: FakeNode[], where?: { driveId?: string; parentFileId?: string }): FakeDriveFile[];
  /** What the user does in the Alipan app: move an entry to another folder ('root' included) of the same drive… */
  moveFile(fileId: string, toParentFileId: string): void;
  /** …put it (a folder with everything in it) in the recycle bin… */
  trashFile(fileId: string): void;
  /** …or delete it for good, as emptying the bin does. */
  deleteFile(fileId: string): void;
}

/** What the fake knows of a request it received. */
export interface RequestFacts {
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The parsed JSON body when it is an object, else {}. */
  body: JsonObject;
}

/** A JSON object as a client sent it: each route checks the fields it reads. */
export type JsonObject = Record<string, unknown>;

export interface LoggedRequest extends RequestFacts {
  time: number;
  status: number;
  code?: string;
}

export interface HostPathRule {
  host?: string | RegExp;
  path?: string | RegExp;
  /** Let this many matching requests through before the rule starts to bite (default 0). */
  after?: number;
}

export interface RateLimitRule extends HostPathRule {
  count: number;
  retryAfterSec?: number;
  code?: 'TooManyRequests' | 'ParamFlowException';
}

export interface FailRule extends HostPathRule {
  status: number;
  code: string;
  message?: string;
  count?: number;
}

/** Matching API requests are carried out, but their answer is held back `ms` (a worker may stop meanwhile: the answer is lost). */
export interface DelayRule extends HostPathRule {
  ms: number;
  count?: number;
}

/** The next `count` (default 1) matching API requests get 200 with an HTML page: a WAF or captive portal answering instead of Alipan. */
export interface HtmlRule extends HostPathRule {
  count?: number;
  /** Default: a small "access denied" page. */
  body?: string;
}

/** Picks CDN GETs by URL path (`/lt/<fileId>`) and / or the drive file's name; the next `count` (default 1) matches are spoiled. */
export interface CdnRule {
  path?: string | RegExp;
  name?: string;
  count?: number;
}

export interface CutRule extends CdnRule {
  /** Body bytes sent, after the full headers, before the connection drops. */
  afterBytes: number;
}

export interface ErrorBodyRule extends CdnRule {
  /** Default `{"code":"TooManyRequests","message":"Too Many Requests"}`. */
  body?: string;
  /** Default `application/json`. */
  contentType?: string;
}

export interface FakeAlipan {
  port: number;
  /** Every host name served, CDN and renew API included (for --host-resolver-rules). */
  hosts: string[];
  cdnHost: string;
  /** The throwaway certificate, and its SPKI sha256 (base64) for --ignore-certificate-errors-spki-list. */
  cert: { pem: string; spkiSha256: string };
  log: LoggedRequest[];
  clearLog(): void;
  addUser(u: FakeUserInit): FakeUser;
  addShare(s: FakeShareInit): void;
  /** `https://alywp.net/<code>` redirects to `location` (e.g. `https://www.aliyundrive.com/s/<id>`); other codes to the home page. */
  addShortLink(code: string, location: string): void;
  /** Changes a share's state later, e.g. cancelled while a test is browsing it. */
  setShareState(shareId: string, state: ShareState): void;
  /** Every access token issued so far (web and open) is expired now. */
  expireAccessTokens(): void;
  expireShareTokens(): void;
  /** Every CDN URL issued so far is expired now. */
  expireDownloadUrls(): void;
  /** TTL of access tokens issued from now on; default 7200. */
  setAccessTokenTtl(seconds: number): void;
  /** Lifetime of download URLs issued from now on, whatever `expire_sec` asks; default 900 (§8). */
  setDownloadUrlTtl(seconds: number): void;
  /** The next `count` matching requests get 429. */
  rateLimit(rule: RateLimitRule): void;
  /** The next `count` (default 1) matching requests get this error. */
  failNext(rule: FailRule): void;
  /** The next matching requests get 200 text/html instead of an answer; the route never runs (no token rotates). */
  htmlNext(rule: HtmlRule): void;
  /** Matching CDN GETs send full headers and `afterBytes` of the body, then the socket is destroyed mid-file. */
  cutDownloads(rule: CutRule): void;
  /** Matching CDN GETs answer 200 with a short error body instead of the file (§8: tools have saved such bodies). */
  errorBodyNext(rule: ErrorBodyRule): void;
  /** Matching requests do their work at once and answer `ms` later. */
  delayAnswers(rule: DelayRule): void;
  /**
   * The most files (folders counted by the files in them) one batch may save (§7
   * `MaxSaveFileCountExceed`, top level: nothing of that batch is copied); undefined = no limit.
   */
  setMaxSaveFileCount(count: number | undefined): void;
  /** Drops every injected failure still armed. */
  clearFaults(): void;
  /** When on, enforce the documented per-user open-platform limits with 429 + x-retry-after. */
  setPaceLimits(on: boolean): void;
  close(): Promise<void>;
}
