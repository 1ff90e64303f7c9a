import { describe, expect, it } from 'vitest';
import { asSaveRequest } from '../../lib/saves/validate';

const good = {
  shareId: 'hCa7nuezUAf',
  code: 't84d',
  shareName: 'Holiday',
  items: [
    { fileId: 'f1', name: 'a.txt', type: 'file', size: 3, extra: 'dropped' },
    { fileId: 'd1', name: 'Album', type: 'folder' },
  ],
  scope: 'selected',
  target: {
    folderId: 'x2',
    path: [
      { fileId: 'x1', name: 'Films' },
      { fileId: 'x2', name: '2024' },
    ],
  },
  skipExisting: false,
};

describe('a save request, checked by the background', () => {
  it('keeps what a save needs, and nothing else', () => {
    expect(asSaveRequest(good)).toEqual({
      shareId: 'hCa7nuezUAf',
      code: 't84d',
      shareName: 'Holiday',
      items: [
        { fileId: 'f1', name: 'a.txt', type: 'file', size: 3 },
        { fileId: 'd1', name: 'Album', type: 'folder' },
      ],
      scope: 'selected',
      target: good.target,
      skipExisting: false,
    });
  });

  it('takes a whole share (no items) into the root', () => {
    const whole = { ...good, items: undefined, scope: 'contents', target: { folderId: 'root', path: [] } };
    expect(asSaveRequest(whole)).toMatchObject({ scope: 'contents', target: { folderId: 'root', path: [] } });
    expect(asSaveRequest(whole)).not.toHaveProperty('items');
  });

  it.each([
    ['a bad share id', { shareId: 'x' }],
    ['an unknown scope', { scope: 'everything' }],
    ['a target that is not the end of its path', { target: { folderId: 'x1', path: good.target.path } }],
    ['an item of no kind', { items: [{ fileId: 'f', name: 'n', type: 'link' }] }],
    ['a negative size', { items: [{ fileId: 'f', name: 'n', type: 'file', size: -1 }] }],
    ['no conflict policy', { skipExisting: 'yes' }],
  ])('refuses %s', (_what, change) => {
    expect(asSaveRequest({ ...good, ...change })).toBeUndefined();
  });
});
