/**
 * `npm run bench [-- scan | downloads | saves | previews]`: builds the extension, then runs each benchmark (or the
 * one named) against the production build and prints its report. Figures, not a test: it
 * fails only when a benchmark crashes.
 */
import { runDownloadBench } from './downloads.ts';
import { runPreviewBench } from './previews.ts';
import { runSaveBench } from './saves.ts';
import { runScanBench } from './scan.ts';

const benches = { scan: runScanBench, downloads: runDownloadBench, saves: runSaveBench, previews: runPreviewBench };
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in benches));
if (unknown.length > 0)
  throw new Error(`unknown benchmark ${unknown.join(', ')}: use ${Object.keys(benches).join(' or ')}`);
const names =
  asked.length > 0 ? (asked as (keyof typeof benches)[]) : (Object.keys(benches) as (keyof typeof benches)[]);
for (const [i, name] of names.entries()) {
  if (i > 0) console.log();
  console.log(await benches[name]());
}
