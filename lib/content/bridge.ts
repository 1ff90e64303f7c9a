/**
 * The content script's side of the messaging with the background (lib/messaging/protocol.ts),
 * through the browser's `runtime` (the `chrome` global in Chromium, `browser` in Firefox):
 * no polyfill, nothing heavy in a script that runs on every page.
 */
import type { FoundLinksReply, Message, MessageType, Reply, ShareStatusEvent } from '../messaging/protocol';
import type { ShareRef, ShareStatus } from '../shares/model';
import type { PageText } from '../shares/page-links';

type MessageListener = (message: unknown, sender: { id?: string }) => void;

/** The part of `runtime` the content script uses. */
export interface RuntimeLike {
  /** Undefined once the extension was reloaded, updated or removed: this script is orphaned. */
  readonly id?: string;
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: MessageListener): void;
    removeListener(listener: MessageListener): void;
  };
}

export interface Bridge {
  /** The links in these texts, as the background found them; null when it did not answer (error, or no handler). */
  find(texts: PageText[]): Promise<FoundLinksReply | null>;
  openViewer(ref: ShareRef): void;
  /** The user points at a badge: the background looks whether the share has banned files. */
  inspect(ref: ShareRef): void;
  /** Calls `listener` for every `event.shareStatus` from our own extension, until `signal` aborts. */
  onStatus(listener: (key: string, status: ShareStatus) => void, signal: AbortSignal): void;
}

/** `onOrphaned` runs when the extension context is gone ("Extension context invalidated"). */
export function createBridge(runtime: RuntimeLike, onOrphaned: () => void): Bridge {
  const send = async <K extends MessageType>(message: Message<K>): Promise<Reply<K> | undefined> => {
    if (!runtime.id) {
      onOrphaned();
      return undefined;
    }
    try {
      return (await runtime.sendMessage(message)) as Reply<K> | undefined;
    } catch (e) {
      // Chromium throws "Extension context invalidated." once the extension is reloaded or updated.
      if (!runtime.id || /context invalidated/i.test(String(e))) onOrphaned();
      return undefined;
    }
  };

  return {
    async find(texts) {
      const reply = await send({ type: 'shares.find', data: { texts } });
      return reply?.ok ? reply.result : null;
    },
    openViewer(ref) {
      void send({ type: 'viewer.open', data: ref });
    },
    inspect(ref) {
      void send({ type: 'shares.inspect', data: ref });
    },
    onStatus(listener, signal) {
      // Only our own background (tabs.sendMessage) can send this: its shape is ours.
      const onMessage: MessageListener = (message, sender) => {
        const event = message as ShareStatusEvent | undefined;
        if (sender.id === runtime.id && event?.type === 'event.shareStatus') listener(event.key, event.status);
      };
      runtime.onMessage.addListener(onMessage);
      signal.addEventListener('abort', () => runtime.onMessage.removeListener(onMessage), { once: true });
    },
  };
}
