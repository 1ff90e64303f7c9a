/** Identifier and token shapes that look like Alipan's. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A 40-hex file id derived from a seed, so shared trees keep their ids across runs. */
export function stableFileId(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** Drive ids are short decimal strings. */
export function driveId(): string {
  return String(100_000 + randomBytes(3).readUIntBE(0, 3));
}

export function requestId(): string {
  return randomUUID().toUpperCase();
}

/** Opaque but JWT-shaped (header.payload.signature); a uuid inside keeps every token unique. */
export function jwtLike(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const header = part({ alg: 'RS256', typ: 'JWT' });
  const payload = part({ ...claims, jti: randomUUID() });
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}
