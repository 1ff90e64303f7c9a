/** File trees: the drives of users and the (read-only) drives behind shares. */
import { createHash } from 'node:crypto';
import { must } from '../../must.ts';
import { ApiError } from './http.ts';
import type { FakeDriveFile, FakeNode } from './types.ts';

/** File bytes, possibly synthetic so that huge files cost no memory. `end` is exclusive. */
export interface Content {
  readonly size: number;
  read(start: number, end: number): Buffer;
  sha1(): string;
}

export interface DriveFile {
  fileId: string;
  driveId: string;
  parentFileId: string;
  name: string;
  type: 'file' | 'folder';
  content?: Content;
  createdAt: string;
  updatedAt: string;
  /** In the recycle bin: still taking space, but gone from listings and name checks. */
  trashed: boolean;
  /** Banned by Alipan: listed with `punish_flag`, never copied. */
  banned?: boolean;
}

export const ROOT = 'root';

export function fileNotFound(): ApiError {
  return new ApiError(404, 'NotFound.File', 'The resource file cannot be found.');
}

export function inRecycleBin(): ApiError {
  return new ApiError(400, 'ForbiddenFileInTheRecycleBin', 'The resource file is in the recycle bin.');
}

export function fileSize(f: DriveFile): number {
  return f.content?.size ?? 0;
}

function contentOf(node: FakeNode): Content {
  if (node.content !== undefined) return bufferContent(Buffer.from(node.content));
  return syntheticContent(node.size ?? 0);
}

function bufferContent(buf: Buffer): Content {
  return {
    size: buf.length,
    read: (start, end) => buf.subarray(start, end),
    sha1: () => sha1Upper([buf]),
  };
}

/** Byte i is i % 251: cheap to produce at any offset, easy to check in a test. */
function syntheticContent(size: number): Content {
  let hash: string | undefined;
  const read = (start: number, end: number) => {
    const out = Buffer.allocUnsafe(Math.max(0, end - start));
    for (let i = 0; i < out.length; i++) out[i] = (start + i) % 251;
    return out;
  };
  const chunks = function* () {
    for (let at = 0; at < size; at += 1 << 20) yield read(at, Math.min(size, at + (1 << 20)));
  };
  return { size, read, sha1: () => (hash ??= sha1Upper(chunks())) };
}

function sha1Upper(chunks: Iterable<Buffer>): string {
  const h = createHash('sha1');
  for (const c of chunks) h.update(c);
  return h.digest('hex').toUpperCase();
}

export class Drive {
  private readonly byId = new Map<string, DriveFile>();

  constructor(readonly driveId: string) {}

  get(fileId: string): DriveFile | undefined {
    return this.byId.get(fileId);
  }

  isFolder(fileId: string): boolean {
    return fileId === ROOT || this.byId.get(fileId)?.type === 'folder';
  }

  /** What the folder shows: trashed entries are left out. */
  children(parentFileId: string): DriveFile[] {
    return this.below(parentFileId).filter((f) => !f.trashed);
  }

  /** Every entry directly under the folder, trashed ones included. */
  private below(parentFileId: string): DriveFile[] {
    return [...this.byId.values()].filter((f) => f.parentFileId === parentFileId);
  }

  childNamed(parentFileId: string, name: string): DriveFile | undefined {
    return this.children(parentFileId).find((f) => f.name === name);
  }

  all(): DriveFile[] {
    return [...this.byId.values()];
  }

  bytes(): number {
    return this.all().reduce((sum, f) => sum + fileSize(f), 0);
  }

  insert(file: DriveFile): DriveFile {
    this.byId.set(file.fileId, file);
    return file;
  }

  /** The entry and everything below it, parents before children. */
  subtree(fileId: string): DriveFile[] {
    const top = this.byId.get(fileId);
    if (!top) return [];
    return [top, ...this.below(fileId).flatMap((c) => this.subtree(c.fileId))];
  }

  /** Permanent: the entry and everything below it. */
  remove(fileId: string): void {
    for (const f of this.subtree(fileId)) this.byId.delete(f.fileId);
  }

  /** To the recycle bin, with everything below it. */
  trash(fileId: string): void {
    for (const f of this.subtree(fileId)) f.trashed = true;
  }

  path(file: DriveFile): string {
    const parent = this.byId.get(file.parentFileId);
    return `${parent ? this.path(parent) : ''}/${file.name}`;
  }

  snapshot(file: DriveFile): FakeDriveFile {
    const { fileId, driveId, parentFileId, name, type, trashed, createdAt } = file;
    return {
      fileId,
      driveId,
      parentFileId,
      name,
      type,
      size: fileSize(file),
      path: this.path(file),
      trashed,
      createdAt,
    };
  }

  /** Adds a FakeNode tree under a folder; `idFor` names each entry from its path. */
  plant(parentFileId: string, nodes: FakeNode[], idFor: (node: FakeNode, path: string) => string): DriveFile[] {
    const parentPath = parentFileId === ROOT ? '' : this.path(must(this.byId.get(parentFileId)));
    return nodes.flatMap((node) => {
      const now = new Date().toISOString();
      const file = this.insert({
        fileId: idFor(node, `${parentPath}/${node.name}`),
        driveId: this.driveId,
        parentFileId,
        name: node.name,
        type: node.type,
        content: node.type === 'file' ? contentOf(node) : undefined,
        createdAt: node.updatedAt ?? now,
        updatedAt: node.updatedAt ?? now,
        trashed: false,
        ...(node.banned ? { banned: true } : {}),
      });
      return [file, ...this.plant(file.fileId, node.children ?? [], idFor)];
    });
  }

  /** "name(1).ext", "name(2).ext"… : the first name not taken in that folder. */
  freeName(parentFileId: string, name: string): string {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 1; this.childNamed(parentFileId, candidate); n++) candidate = `${stem}(${n})${ext}`;
    return candidate;
  }
}

/** Copies `src` (and, for a folder, its tree) into `target` under `parentFileId`; contents are shared. */
export function copyTree(
  src: Drive,
  file: DriveFile,
  target: Drive,
  parentFileId: string,
  name: string,
  newId: () => string,
  topId = newId(),
  copies: (f: DriveFile) => boolean = () => true,
): DriveFile {
  const now = new Date().toISOString();
  const { banned: _banned, ...kept } = file;
  const copy = target.insert({
    ...kept,
    fileId: topId,
    driveId: target.driveId,
    parentFileId,
    name,
    createdAt: now,
    updatedAt: now,
    trashed: false,
  });
  for (const child of src.children(file.fileId).filter(copies))
    copyTree(src, child, target, copy.fileId, child.name, newId, undefined, copies);
  return copy;
}

/**
 * A folder to list or to put entries in: 404 when there is none, 400 when it is in the recycle bin
 * (the open platform refuses binned entries with ForbiddenFileInTheRecycleBin, §8; the fake refuses them everywhere).
 */
export function liveFolder(drive: Drive, fileId: string): string {
  if (!drive.isFolder(fileId)) throw fileNotFound();
  if (drive.get(fileId)?.trashed) throw inRecycleBin();
  return fileId;
}

export function subtreeBytes(drive: Drive, fileId: string): number {
  return drive.subtree(fileId).reduce((sum, f) => sum + fileSize(f), 0);
}

const CATEGORIES: Record<string, string[]> = {
  video: ['mp4', 'mkv', 'avi', 'mov', 'ts', 'flv', 'rmvb', 'wmv', 'm4v', 'webm'],
  audio: ['mp3', 'flac', 'wav', 'aac', 'm4a', 'ogg', 'ape'],
  image: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'heic'],
  doc: ['txt', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'md', 'epub'],
  zip: ['zip', 'rar', '7z', 'tar', 'gz'],
};

const MIME: Record<string, string> = {
  mp4: 'video/mp4',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  txt: 'text/plain',
  pdf: 'application/pdf',
  zip: 'application/zip',
  md: 'text/markdown',
};

export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function category(ext: string): string {
  return Object.keys(CATEGORIES).find((c) => must(CATEGORIES[c]).includes(ext)) ?? 'others';
}

export function mimeType(ext: string): string {
  return MIME[ext] ?? 'application/octet-stream';
}
