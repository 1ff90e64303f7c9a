/**
 * `npm run bench`: builds the extension, then runs each benchmark against the production build
 * and prints its report. Figures, not a test: it fails only when a benchmark crashes.
 */
import { runDownloadBench } from './downloads.ts';
import { runScanBench } from './scan.ts';

console.log(await runScanBench());
console.log();
console.log(await runDownloadBench());
