/** A throwaway self-signed certificate for every served host, made with the openssl CLI. */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface Cert {
  key: string;
  pem: string;
  /** base64 sha256 of the public key, the form --ignore-certificate-errors-spki-list takes. */
  spkiSha256: string;
}

export async function makeCert(hosts: string[]): Promise<Cert> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-alipan-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const san = [...hosts.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=fake-alipan',
      '-addext',
      `subjectAltName=${san}`,
    ]);
    const [key, pem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    return { key, pem, spkiSha256: createHash('sha256').update(spki).digest('base64') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
