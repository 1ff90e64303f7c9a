import { expect, it } from 'vitest';
import { untilNewerCopy } from '../../lib/content/latest-copy';

it('a copy of the content script stops when a newer copy starts in the page, not before', () => {
  const older = untilNewerCopy(document, 'ext-id');
  expect(older.aborted).toBe(false);
  const newer = untilNewerCopy(document, 'ext-id');
  expect(older.aborted).toBe(true);
  expect(newer.aborted).toBe(false);
  untilNewerCopy(document, 'other-extension');
  expect(newer.aborted).toBe(false);
});
