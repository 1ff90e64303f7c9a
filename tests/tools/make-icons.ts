// Renders tests/tools/icon.svg to public/icon/<size>.png (WXT adds them to the manifest) in headless
// Chromium, so no image library is needed. Run: npx tsx tests/tools/make-icons.ts
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SIZES = [16, 32, 48, 96, 128];
const svg = readFileSync('tests/tools/icon.svg', 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`,
    );
    // Transparent outside the rounded square.
    await page.screenshot({ path: `public/icon/${size}.png`, omitBackground: true });
  }
} finally {
  await browser.close();
}
