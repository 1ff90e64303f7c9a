/** Selected file ids. Every function returns a new set, so Preact sees the change. */
export type Selection = ReadonlySet<string>;

export function toggleOne(selection: Selection, id: string): Selection {
  const next = new Set(selection);
  if (!next.delete(id)) next.add(id);
  return next;
}

/**
 * Shift-click: every row between the anchor (last plain click) and the target, in the order
 * shown, takes the state the target gets. Without an anchor in view it is a plain toggle.
 */
export function toggleRange(
  selection: Selection,
  orderedIds: readonly string[],
  anchorId: string | undefined,
  targetId: string,
): Selection {
  const from = anchorId === undefined ? -1 : orderedIds.indexOf(anchorId);
  const to = orderedIds.indexOf(targetId);
  if (from < 0 || to < 0) return toggleOne(selection, targetId);
  const select = !selection.has(targetId);
  const next = new Set(selection);
  for (const id of orderedIds.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (select) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** Whether every one of the ids is selected (false for none). */
export function allSelected(selection: Selection, ids: readonly string[]): boolean {
  return ids.length > 0 && ids.every((id) => selection.has(id));
}

/** "Select all" on what is shown: selects them all, or clears them if all were selected. */
export function toggleAll(selection: Selection, ids: readonly string[]): Selection {
  const next = new Set(selection);
  if (allSelected(selection, ids)) for (const id of ids) next.delete(id);
  else for (const id of ids) next.add(id);
  return next;
}
