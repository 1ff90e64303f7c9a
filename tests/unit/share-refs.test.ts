/** What the background takes from a content script (a page we do not control sent it), and the popup's paste box. */
import { describe, expect, it } from 'vitest';
import { refOfStatusKey, statusKey } from '../../lib/shares/model';
import { asShareRef } from '../../lib/shares/validate';

describe('asShareRef', () => {
  it('keeps the candidate mark only with a code, and only as true', () => {
    expect(asShareRef({ shareId: 'AbCdEfGhIjK', code: 'ab12', candidate: true })).toEqual({
      shareId: 'AbCdEfGhIjK',
      code: 'ab12',
      candidate: true,
    });
    expect(asShareRef({ shareId: 'AbCdEfGhIjK', code: null, candidate: true })).toEqual({
      shareId: 'AbCdEfGhIjK',
      code: null,
    });
    expect(asShareRef({ shareId: 'AbCdEfGhIjK', code: 'ab12', candidate: 'yes' })).toEqual({
      shareId: 'AbCdEfGhIjK',
      code: 'ab12',
    });
  });

  it('keys a candidate apart from the same code stated with a keyword', () => {
    expect(statusKey({ shareId: 'AbCdEfGhIjK', code: 'ab12', candidate: true })).toBe('AbCdEfGhIjK:ab12?');
    expect(statusKey({ shareId: 'AbCdEfGhIjK', code: 'ab12' })).toBe('AbCdEfGhIjK:ab12');
  });

  it('reads a status key back into the id, code and candidate mark it was made of', () => {
    for (const ref of [
      { shareId: 'AbCdEfGhIjK', code: 'ab12', candidate: true as const },
      { shareId: 'AbCdEfGhIjK', code: 'ab12' },
      { shareId: 'AbCdEfGhIjK', code: null },
    ]) {
      expect(refOfStatusKey(statusKey(ref))).toEqual(ref);
    }
  });
});
