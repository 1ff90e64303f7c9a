import browser from 'webextension-polyfill';
import { AlipanError } from '../api/errors';
import type { MessageType, Protocol, Reply } from './protocol';

/** Sends one typed request to the background; a failure reply is thrown as an AlipanError. */
export async function request<K extends MessageType>(
  type: K,
  ...args: Protocol[K]['data'] extends undefined ? [] : [Protocol[K]['data']]
): Promise<Protocol[K]['result']> {
  const reply = (await browser.runtime.sendMessage({ type, data: args[0] })) as Reply<K> | undefined;
  if (!reply) throw new AlipanError({ code: 'NoReply', category: 'unknown', detail: type });
  if (!reply.ok) throw new AlipanError({ ...reply.error, text: reply.error.text, status: reply.error.status });
  return reply.result;
}
