/**
 * alywp.net, Alipan's link shortener (alipan-api.md §10): `GET /<code>` answers a 302 to the
 * share the test registered for the code, and an unknown code a 302 to the home page, as a
 * shortener does. No CORS headers: the extension reads where a redirect ends only through its
 * host permissions, as with the real one.
 */
import { type Ctx, HANDLED, type RouteTable } from '../http.ts';
import type { State } from '../state.ts';

const HOME = 'https://www.alipan.com/';

function redirect(state: State, ctx: Ctx): typeof HANDLED {
  const location = state.shortLinks.get(ctx.path.slice(1)) ?? HOME;
  ctx.log(302);
  ctx.res.writeHead(302, { location, 'content-length': '0' });
  ctx.res.end();
  return HANDLED;
}

export function shortenerRoutes(state: State): RouteTable {
  return { shortener: { 'GET *': (ctx) => redirect(state, ctx) } };
}
