/**
 * A save request as the background takes it: checked field by field (it starts copies in the
 * user's drive), and only what the save needs kept. Undefined when anything is off.
 */
import { asShareRef } from '../shares/validate';
import type { DriveFolder, SaveItem, SaveRequest, SaveScope } from './model';

const SCOPES: ReadonlySet<string> = new Set<SaveScope>(['folder-itself', 'contents', 'selected']);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function asSaveRequest(value: unknown): SaveRequest | undefined {
  const ref = asShareRef(value);
  if (!ref) return undefined;
  const { shareName, items, scope, target, skipExisting } = value as Record<string, unknown>;
  if (
    typeof shareName !== 'string' ||
    typeof scope !== 'string' ||
    !SCOPES.has(scope) ||
    typeof skipExisting !== 'boolean'
  )
    return undefined;
  const { folderId, path } = (target ?? {}) as Record<string, unknown>;
  const folders = Array.isArray(path) ? path.map(asFolder) : undefined;
  if (!isText(folderId) || !folders || folders.some((f) => !f)) return undefined;
  // The target is the last folder of its path (the root when the path is empty).
  if (folderId !== (folders.at(-1)?.fileId ?? 'root')) return undefined;
  const picked = items === undefined ? undefined : Array.isArray(items) ? items.map(asItem) : [undefined];
  if (picked?.some((i) => !i)) return undefined;
  return {
    ...ref,
    shareName,
    ...(picked ? { items: picked as SaveItem[] } : {}),
    scope: scope as SaveScope,
    target: { folderId, path: folders as DriveFolder[] },
    skipExisting,
  };
}

function asFolder(value: unknown): DriveFolder | undefined {
  const { fileId, name } = (value ?? {}) as Record<string, unknown>;
  return isText(fileId) && isText(name) ? { fileId, name } : undefined;
}

function asItem(value: unknown): SaveItem | undefined {
  const { fileId, name, type, size } = (value ?? {}) as Record<string, unknown>;
  if (!isText(fileId) || !isText(name) || (type !== 'file' && type !== 'folder')) return undefined;
  if (size !== undefined && (typeof size !== 'number' || !Number.isFinite(size) || size < 0)) return undefined;
  return { fileId, name, type, ...(size !== undefined ? { size } : {}) };
}
