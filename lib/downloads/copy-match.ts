/**
 * Whether an entry of a folder may be a copy that a copy request made when its answer was lost
 * (a worker stop, a network error): it came into being while the request could still act, and it
 * looks like the source — same kind, same size for a file, and its name or Alipan's `auto_rename`
 * of it ("name(1).ext", the exact form is not documented, so any "name….ext" counts). Used by the
 * temporary folder's sweep and by saves resuming a batch.
 */
import type { OpenFile } from '../api/open';

export interface CopySource {
  name?: string;
  type?: 'file' | 'folder';
  size?: number;
}

/** Epoch ms, both ends included (widen them by the clock skew before asking). */
export interface CreationWindow {
  from: number;
  until: number;
}

export function mayBeCopyOf(source: CopySource, child: OpenFile, window: CreationWindow): boolean {
  const created = Date.parse(child.created_at ?? '');
  if (!(created >= window.from && created <= window.until)) return false;
  if (child.type !== (source.type ?? 'file')) return false;
  if (child.type === 'file' && child.size !== source.size) return false;
  if (!source.name) return true;
  const dot = source.name.lastIndexOf('.');
  const [base, ext] =
    dot > 0 && child.type === 'file' ? [source.name.slice(0, dot), source.name.slice(dot)] : [source.name, ''];
  return child.name === source.name || (child.name.startsWith(base) && child.name.endsWith(ext));
}
