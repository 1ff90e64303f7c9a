/**
 * The Firefox build passes Mozilla's add-on linter (what AMO runs on upload) with no errors.
 * Builds into .output/firefox-mv3, which the Chrome end-to-end tests never touch.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX_DIR = resolve(ROOT, '.output/firefox-mv3');

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
}

let report: LintReport;

beforeAll(() => {
  const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  // web-ext exits non-zero when it finds errors; the JSON report on stdout says which.
  const lint = spawnSync('npx', ['web-ext', 'lint', '--source-dir', FIREFOX_DIR, '--output', 'json', '--no-input'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  report = JSON.parse(lint.stdout) as LintReport;
}, 60_000);

describe('Firefox build', () => {
  it('is the MV3 manifest with a fixed gecko id and a data-collection declaration', () => {
    const manifest = JSON.parse(readFileSync(resolve(FIREFOX_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.browser_specific_settings.gecko.id).toBe('{413a02b2-d5b2-47e5-87a7-51013128bc5b}');
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions.required).not.toContain('none');
  });

  it('passes web-ext lint with 0 errors', () => {
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });
});
