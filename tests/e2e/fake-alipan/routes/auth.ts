/** Token endpoints: web refresh (§1), the renew relay and the open-platform OAuth refresh (§2). */
import { ApiError, DOMAIN_ID, type RouteTable, requireField } from '../http.ts';
import type { State, TokenKind, UserRecord } from '../state.ts';
import type { JsonObject } from '../types.ts';

/** Apps behind the tokens (§8 caps downloads per app): the web client, and the relay's one open-platform app. */
const WEB_APP = 'alipan-web';
const RELAY_APP = 'relay';

function requireGrantType(body: JsonObject): void {
  if (body.grant_type !== 'refresh_token') {
    throw new ApiError(400, 'InvalidParameter.GrantType', 'The input parameter grant_type is not valid.');
  }
}

function rotateOr400(state: State, kind: TokenKind, token: string): UserRecord {
  const user = state.rotateRefresh(kind, token);
  if (!user)
    throw new ApiError(400, 'InvalidParameter.RefreshToken', 'The input parameter refresh_token is not valid.');
  return user;
}

function webToken(state: State, body: JsonObject): unknown {
  requireGrantType(body);
  const user = rotateOr400(state, 'web', requireField(body, 'refresh_token'));
  const access = state.issueAccess(user, 'web', WEB_APP);
  return {
    access_token: access.token,
    refresh_token: user.webRefreshToken,
    expires_in: access.expiresIn,
    token_type: 'Bearer',
    user_id: user.userId,
    user_name: user.userId,
    nick_name: user.nickName,
    avatar: user.avatar,
    default_drive_id: user.defaultDriveId,
    default_sbox_drive_id: `${user.defaultDriveId}0`,
    domain_id: DOMAIN_ID,
    expire_time: new Date(access.expiresAt).toISOString(),
    status: 'enabled',
    role: 'user',
  };
}

/** The relay answers 500 {text} on any failure; the server formats renew-host errors that way. */
function renew(state: State, query: Record<string, string>): unknown {
  const fail = (text: string) => new ApiError(500, 'RenewFailed', text);
  if (query.server_use !== 'true') throw fail('server_use=true is required');
  if (!query.driver_txt && !query.apps_types) throw fail('driver_txt is required');
  const user = state.rotateRefresh('open', query.refresh_ui ?? '');
  if (!user) throw fail('Refresh token is invalid or expired');
  return { refresh_token: user.openRefreshToken, access_token: state.issueAccess(user, 'open', RELAY_APP).token };
}

/** Any non-empty client id / secret pair is taken as the user's own open-platform app, named by the client id. */
function oauthToken(state: State, body: JsonObject): unknown {
  const clientId = requireField(body, 'client_id');
  requireField(body, 'client_secret');
  requireGrantType(body);
  const user = rotateOr400(state, 'open', requireField(body, 'refresh_token'));
  const access = state.issueAccess(user, 'open', clientId);
  return {
    token_type: 'Bearer',
    access_token: access.token,
    refresh_token: user.openRefreshToken,
    expires_in: access.expiresIn,
  };
}

export function authRoutes(state: State): RouteTable {
  return {
    auth: { 'POST /v2/account/token': (ctx) => webToken(state, ctx.body) },
    renew: { 'GET /alicloud/renewapi': (ctx) => renew(state, ctx.query) },
    openapi: { 'POST /oauth/access_token': (ctx) => oauthToken(state, ctx.body) },
  };
}
