import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * An 8-bit RGB PNG of this size: solid grey, or random noise stored uncompressed (zlib level 0),
 * so its file is as large as its pixels — a picture that is slow to fetch and to decode.
 */
export function png(width: number, height: number, fill: 'grey' | 'noise' = 'grey'): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const grey = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x7f)]);
  const rows = Array.from({ length: height }, () =>
    fill === 'grey' ? grey : Buffer.concat([Buffer.from([0]), randomBytes(width * 3)]),
  );
  const pixels = deflateSync(Buffer.concat(rows), fill === 'noise' ? { level: 0 } : {});
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
