import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAlipan, startFakeAlipan } from './fake-alipan/server.ts';
import { launchExtension } from './harness.ts';

let fake: FakeAlipan;
beforeAll(async () => {
  fake = await startFakeAlipan();
});
afterAll(async () => {
  await fake?.close();
});

/** The options page as a browser of that language shows it; the manifest name follows too. */
async function optionsIn(lang: string) {
  const ext = await launchExtension({ fake, lang });
  try {
    const page = await ext.openPage('options.html');
    await page.waitForSelector('[data-account-state]');
    return {
      heading: await page.textContent('h2'),
      state: await page.textContent('[data-account-state]'),
      submit: await page.textContent('button[type="submit"]'),
      extName: await page.evaluate(() =>
        (globalThis as unknown as { chrome: { i18n: { getMessage(k: string): string } } }).chrome.i18n.getMessage(
          'extName',
        ),
      ),
    };
  } finally {
    await ext.close();
  }
}

describe('the browser language decides the UI language', () => {
  it('zh-CN → Chinese', async () => {
    expect(await optionsIn('zh-CN')).toEqual({
      heading: '账号',
      state: '未登录',
      submit: '保存并检查',
      extName: '阿里云盘分享助手',
    });
  });

  it('en-US → English', async () => {
    expect(await optionsIn('en-US')).toEqual({
      heading: 'Account',
      state: 'Signed out',
      submit: 'Save and check',
      extName: 'Alipan Share Helper',
    });
  });
});
