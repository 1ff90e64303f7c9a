import { describe, expect, it } from 'vitest';
import { viewerPath } from '../../lib/shares/validate';
import { parseViewerQuery, shareFromText } from '../../lib/ui/viewer-query';
import { must } from '../must';

const FOLDER = '0123456789abcdef0123456789abcdef01234567';
const query = (url: string, code?: string) =>
  `?${new URLSearchParams({ url, ...(code !== undefined ? { code } : {}) })}`;

describe('parseViewerQuery', () => {
  it('reads the share and the code parameter', () => {
    expect(parseViewerQuery(query('https://www.alipan.com/s/AbCdEfGh123', 't84d'))).toEqual({
      shareId: 'AbCdEfGh123',
      code: 't84d',
    });
  });

  it('takes the code from ?pwd= when there is no code parameter, and the parameter over it', () => {
    expect(parseViewerQuery(query('https://www.alipan.com/s/AbCdEfGh123?pwd=x1y2'))?.code).toBe('x1y2');
    expect(parseViewerQuery(query('https://www.alipan.com/s/AbCdEfGh123?pwd=x1y2', 'zz99'))?.code).toBe('zz99');
  });

  it('ignores a malformed code parameter', () => {
    expect(parseViewerQuery(query('https://www.alipan.com/s/AbCdEfGh123', 'toolong'))?.code).toBeNull();
  });

  it('starts in the folder of a /folder/<id> link, old host included', () => {
    expect(parseViewerQuery(query(`https://www.aliyundrive.com/s/AbCdEfGh123/folder/${FOLDER}`))).toEqual({
      shareId: 'AbCdEfGh123',
      code: null,
      folderId: FOLDER,
    });
  });

  it('reads back what viewerPath writes', () => {
    const ref = { shareId: 'AbCdEfGh123', code: 'ab12', folderId: FOLDER };
    expect(parseViewerQuery(must(viewerPath(ref).split('?')[1]))).toEqual(ref);
  });

  it('is null without a share link', () => {
    expect(parseViewerQuery('')).toBeNull();
    expect(parseViewerQuery(query('https://example.com/s/AbCdEfGh123'))).toBeNull();
  });
});

describe('shareFromText', () => {
  it('finds the link and its code in pasted text', () => {
    expect(shareFromText('「电影合集」https://www.alipan.com/s/AbCdEfGh123 提取码: t84d 点击链接保存')).toEqual({
      shareId: 'AbCdEfGh123',
      code: 't84d',
    });
  });

  it('is null for text without a share link', () => {
    expect(shareFromText('no link here')).toBeNull();
  });
});
