/** Anonymous share calls: metadata (§3), share token (§4), listing (§5), quick-transfer metadata (§10). */

import { ROOT } from '../drive.ts';
import { ApiError, type Ctx, type RouteTable, requireField } from '../http.ts';
import { type ShareRecord, type State, shareTokenInvalid } from '../state.ts';
import type { JsonObject } from '../types.ts';
import { fileJson, page } from './listing.ts';

/** "张三丰" → "张*丰", "ab" → "a*": Alipan never shows a sharer's full name. */
function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `${chars[0] ?? ''}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function shareMetadata(state: State, ctx: Ctx): unknown {
  const id: unknown = ctx.body.share_id ?? ctx.query.share_id;
  if (typeof id !== 'string' || id === '')
    throw new ApiError(400, 'InvalidParameter.ShareId', 'The input parameter share_id is not valid.');
  // Ids are matched exactly: an untrimmed id is simply not found.
  const share = state.liveShare(id);
  const top = share.drive.children(ROOT);
  const updatedAt =
    top
      .map((f) => f.updatedAt)
      .sort()
      .at(-1) ?? new Date().toISOString();
  return {
    share_name: share.init.name,
    share_title: share.init.name,
    display_name: share.init.name,
    file_count: top.length,
    file_infos: top.map((f) => ({ type: f.type, file_id: f.fileId, file_name: f.name })),
    creator_id: share.creatorId,
    creator_name: maskName(share.init.creatorName ?? 'alipan user'),
    creator_phone: '',
    avatar: '',
    updated_at: updatedAt,
    expiration: share.init.expiration ?? '',
    vip: 'non-vip',
    has_pwd: !!share.init.pwd,
  };
}

/** §10: a quick-transfer link's own metadata call; like §3, the id in the query and the body. */
function quickTransferMetadata(state: State, ctx: Ctx): unknown {
  const id: unknown = ctx.body.share_id ?? ctx.query.share_id;
  if (typeof id !== 'string' || id === '')
    throw new ApiError(400, 'InvalidParameter.ShareId', 'The input parameter share_id is not valid.');
  const transfer = state.liveShare(id, true);
  const top = transfer.drive.children(ROOT);
  return {
    share_id: transfer.shareId,
    display_name: transfer.init.name,
    file_infos: top.map((f) => ({ type: f.type, file_id: f.fileId, file_name: f.name })),
    expiration: transfer.init.expiration ?? '',
  };
}

function shareToken(state: State, body: JsonObject): unknown {
  const share = state.liveShare(requireField(body, 'share_id'));
  if (share.init.pwd && body.share_pwd !== share.init.pwd) {
    throw new ApiError(400, 'InvalidResource.SharePwd', 'share pwd is not valid');
  }
  const { token, expiresAt } = state.issueShareToken(share);
  return { share_token: token, expire_time: new Date(expiresAt).toISOString(), expires_in: state.shareTtlSec };
}

/** The live share that both the body's share_id and the x-share-token name. */
function shareOfRequest(state: State, ctx: Ctx): ShareRecord {
  const shareId = requireField(ctx.body, 'share_id');
  const share = state.shareFromToken(ctx.headers);
  if (share.shareId !== shareId) throw shareTokenInvalid();
  return share;
}

function listShare(state: State, ctx: Ctx): unknown {
  const share = shareOfRequest(state, ctx);
  const parent = String(ctx.body.parent_file_id ?? ROOT);
  if (!share.drive.isFolder(parent)) throw new ApiError(404, 'NotFound.File', 'The resource file cannot be found.');
  const result = page(share.drive.children(parent), ctx.body, parent, { byDefault: 100, max: 200 });
  return {
    items: result.items.map((f) => ({ ...fileJson(f), share_id: share.shareId })),
    next_marker: result.next_marker,
  };
}

export function shareRoutes(state: State): RouteTable {
  const list = (ctx: Ctx) => listShare(state, ctx);
  return {
    api: {
      'POST /adrive/v3/share_link/get_share_by_anonymous': (ctx) => shareMetadata(state, ctx),
      'POST /adrive/v1/share/getByAnonymous': (ctx) => quickTransferMetadata(state, ctx),
      'POST /v2/share_link/get_share_token': (ctx) => shareToken(state, ctx.body),
      'POST /adrive/v3/file/list': list,
      'POST /adrive/v2/file/list_by_share': list,
    },
  };
}
