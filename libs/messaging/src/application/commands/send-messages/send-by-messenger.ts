import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessengerRegistry } from '../../messenger-registry';
import { OutgoingMessage, ProviderReceipt } from '../../ports/messenger';

/**
 * Sends the messages that can be sent, one `sendMany` per messenger, and answers each message's receipt or error:
 * the final error it already had (its session is gone, say), or the messenger's.
 */
export async function sendByMessenger(
  messengers: MessengerRegistry,
  messages: readonly Message[],
  outgoing: ReadonlyMap<string, OutgoingMessage | DomainError>,
): Promise<Map<string, ProviderReceipt | Error>> {
  const outcomes = new Map<string, ProviderReceipt | Error>();
  const byMessenger = new Map<string, OutgoingMessage[]>();
  for (const message of messages) {
    const ready = outgoing.get(message.id)!;
    if (ready instanceof Error) outcomes.set(message.id, ready);
    else byMessenger.set(message.messenger, [...(byMessenger.get(message.messenger) ?? []), ready]);
  }
  for (const [name, group] of byMessenger) {
    let results: (ProviderReceipt | Error)[];
    try {
      results = await messengers.get(name).sendMany(group);
    } catch (error) {
      results = group.map(() => (error instanceof Error ? error : new Error(String(error))));
    }
    group.forEach(({ messageId }, index) => outcomes.set(messageId, results[index]));
  }
  return outcomes;
}
