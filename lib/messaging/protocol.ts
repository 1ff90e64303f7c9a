import type { SerializedError } from '../api/errors';
import type { AccountView, SaveAccountInput } from '../account/model';

/**
 * Every message the background answers: `type` → request data and response data.
 * `privileged` ones are accepted only from the extension's own pages (options, popup, viewer).
 */
export interface Protocol {
  'account.get': { data: void; result: AccountView };
  'account.save': { data: SaveAccountInput; result: AccountView };
  'account.check': { data: void; result: AccountView };
  'account.signOut': { data: void; result: AccountView };
}

export type MessageType = keyof Protocol;

export interface Message<K extends MessageType = MessageType> {
  type: K;
  data: Protocol[K]['data'];
}

export type Reply<K extends MessageType = MessageType> =
  | { ok: true; result: Protocol[K]['result'] }
  | { ok: false; error: SerializedError };

/** Messages a content script (any web page's context) may send; everything else is privileged. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set<MessageType>([]);

/** Sent by the background to extension pages when the account changes (no secrets inside). */
export interface AccountChangedEvent {
  type: 'event.accountChanged';
  view: AccountView;
}
