/** Folder listings shared by the share API (§5) and the open platform (§9): items and pages. */

import { category, type DriveFile, fileExtension, fileSize, mimeType } from '../drive.ts';
import { ApiError, CDN_HOST, DOMAIN_ID } from '../http.ts';
import type { JsonObject } from '../types.ts';

export function fileJson(f: DriveFile): Record<string, unknown> {
  const base = {
    drive_id: f.driveId,
    domain_id: DOMAIN_ID,
    file_id: f.fileId,
    name: f.name,
    type: f.type,
    parent_file_id: f.parentFileId,
    created_at: f.createdAt,
    updated_at: f.updatedAt,
    status: 'available',
    punish_flag: f.banned ? 1 : 0,
  };
  if (f.type === 'folder') return base;
  const ext = fileExtension(f.name);
  const cat = category(ext);
  const thumbnail =
    cat === 'image' || cat === 'video' ? { thumbnail: `https://${CDN_HOST}/thumbnail/${f.fileId}.png` } : {};
  return { ...base, size: fileSize(f), file_extension: ext, mime_type: mimeType(ext), category: cat, ...thumbnail };
}

const SORT_KEYS: Record<string, (f: DriveFile) => string | number> = {
  name: (f) => f.name,
  size: fileSize,
  updated_at: (f) => f.updatedAt,
  created_at: (f) => f.createdAt,
};

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function invalid(name: string, value: unknown): ApiError {
  return new ApiError(
    400,
    `InvalidParameter.${name}`,
    `The input parameter ${name} is not valid: ${JSON.stringify(value)}`,
  );
}

/** Markers are opaque to clients; inside they name the folder and the offset. */
function encodeMarker(parentFileId: string, offset: number): string {
  return Buffer.from(`${parentFileId}|${offset}`).toString('base64url');
}

function decodeMarker(marker: unknown, parentFileId: string): number {
  if (marker === undefined || marker === '') return 0;
  const m = typeof marker === 'string' ? /^(.+)\|(\d+)$/.exec(Buffer.from(marker, 'base64url').toString()) : null;
  if (!m || m[1] !== parentFileId) throw invalid('Marker', marker);
  return Number(m[2]);
}

/** One page of `items` per the body's limit / marker / order_by / order_direction. */
export function page(
  items: DriveFile[],
  body: JsonObject,
  parentFileId: string,
  limits: { byDefault: number; max: number },
): { items: DriveFile[]; next_marker: string } {
  const limit = Number(body.limit ?? limits.byDefault);
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) throw invalid('Limit', body.limit);
  const key = SORT_KEYS[String(body.order_by ?? 'name')];
  if (!key) throw invalid('OrderBy', body.order_by);
  const direction = String(body.order_direction ?? 'ASC').toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC') throw invalid('OrderDirection', body.order_direction);
  const sign = direction === 'ASC' ? 1 : -1;
  const sorted = [...items].sort(
    (a, b) => sign * compare(key(a), key(b)) || compare(a.name, b.name) || compare(a.fileId, b.fileId),
  );
  const offset = decodeMarker(body.marker, parentFileId);
  const end = offset + limit;
  return { items: sorted.slice(offset, end), next_marker: end < sorted.length ? encodeMarker(parentFileId, end) : '' };
}
