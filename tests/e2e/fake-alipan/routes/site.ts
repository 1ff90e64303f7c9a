/**
 * www.alipan.com as the extension sees it (§0): a page of the web app, whose `localStorage.token`
 * the app fills at sign-in. A test signs in there as the app would, by setting that value. Every
 * path is that page, a share's `/s/<id>` too (where short links land, routes/shortener.ts); no
 * CORS headers, as on the real site.
 */
import { type Ctx, HANDLED, type RouteTable } from '../http.ts';

const PAGE =
  '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>阿里云盘</title></head><body><main>阿里云盘</main></body></html>';

function page(ctx: Ctx): typeof HANDLED {
  ctx.log(200);
  ctx.res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(PAGE)),
  });
  ctx.res.end(PAGE);
  return HANDLED;
}

export function siteRoutes(): RouteTable {
  return { site: { 'GET *': page } };
}
