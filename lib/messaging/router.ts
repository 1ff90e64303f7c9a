import { AlipanError, isAlipanError } from '../api/errors';
import { CONTENT_SCRIPT_MESSAGES, type Message, type MessageType, type Protocol, type Reply } from './protocol';
import { classifySender, type SenderLike } from './sender';

export type Handlers = {
  [K in MessageType]: (data: Protocol[K]['data'], sender: SenderLike) => Promise<Protocol[K]['result']>;
};

/**
 * The background's single `runtime.onMessage` handler: checks the sender, dispatches by type,
 * and turns every failure into a serialisable `{ok:false, error}` reply.
 * Returns undefined for messages it does not answer, so other listeners may.
 */
export function createRouter(handlers: Handlers, self: { runtimeId: string; extensionOrigin: string }) {
  return (message: unknown, sender: SenderLike): Promise<Reply> | undefined => {
    if (!isMessage(message) || !(message.type in handlers)) return undefined;
    const trust = classifySender(sender, self.runtimeId, self.extensionOrigin);
    const allowed =
      trust === 'extension-page' || (trust === 'content-script' && CONTENT_SCRIPT_MESSAGES.has(message.type));
    if (!allowed) {
      return Promise.resolve({
        ok: false,
        error: new AlipanError({
          code: 'Forbidden.Sender',
          category: 'permission-denied',
          detail: message.type,
        }).toJSON(),
      });
    }
    const handler = handlers[message.type] as (data: unknown, sender: SenderLike) => Promise<unknown>;
    return handler(message.data, sender).then(
      (result) => ({ ok: true, result }) as Reply,
      (e: unknown) => ({ ok: false, error: toSerialized(e) }),
    );
  };
}

function isMessage(m: unknown): m is Message {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

function toSerialized(e: unknown) {
  if (isAlipanError(e)) return e.toJSON();
  return new AlipanError({
    code: 'Internal',
    category: 'unknown',
    detail: String((e as Error)?.message ?? e),
  }).toJSON();
}
