import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessengerRegistry } from '../../messenger-registry';
import { OutgoingMessage, ProviderReceipt } from '../../ports/messenger';

export interface SendResult {
  outcome: ProviderReceipt | Error;
  /** The provider call that carried it, in milliseconds; 0 when there was none. */
  durationMs: number;
}

/**
 * Phase 2: sends the messages that can be sent, with no transaction open. The sessions of a batch (and the sessionless
 * messengers) go side by side; within one, `sendMany` carries at most `perSession` messages at a time. Answers each
 * message's receipt or error: the final error it already had (its session is gone, say), or the messenger's.
 */
export async function sendByMessenger(
  messengers: MessengerRegistry,
  messages: readonly Message[],
  outgoing: ReadonlyMap<string, OutgoingMessage | DomainError>,
  perSession: number,
): Promise<Map<string, SendResult>> {
  const results = new Map<string, SendResult>();
  const bySession = new Map<string, { messenger: string; group: OutgoingMessage[] }>();
  for (const message of messages) {
    const ready = outgoing.get(message.id)!;
    if (ready instanceof Error) {
      results.set(message.id, { outcome: ready, durationMs: 0 });
      continue;
    }
    const key = `${message.messenger}/${ready.session?.id ?? ''}`;
    const entry = bySession.get(key) ?? { messenger: message.messenger, group: [] };
    entry.group.push(ready);
    bySession.set(key, entry);
  }
  await Promise.all(
    [...bySession.values()].map(async ({ messenger, group }) => {
      for (let start = 0; start < group.length; start += perSession) {
        const chunk = group.slice(start, start + perSession);
        const started = performance.now();
        let outcomes: (ProviderReceipt | Error)[];
        try {
          outcomes = await messengers.get(messenger).sendMany(chunk);
        } catch (error) {
          outcomes = chunk.map(() => (error instanceof Error ? error : new Error(String(error))));
        }
        const durationMs = performance.now() - started;
        chunk.forEach(({ messageId }, index) => results.set(messageId, { outcome: outcomes[index], durationMs }));
      }
    }),
  );
  return results;
}
