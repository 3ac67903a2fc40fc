import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared-kernel';
import { Message } from '../../../domain/message.aggregate';
import { MessageRefused, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { ProviderReceipt } from '../../ports/messenger';
import { SenderSessions } from '../../ports/sender-sessions';

/**
 * What each send's outcome does to its message: a receipt makes it `sent`; a final error (a `DomainError`) `failed`,
 * with the provider's code and text, and a revoked session also turns the session `expired`; anything else leaves it
 * as it was, answered as a failure so that it is retried.
 */
@Injectable()
export class SendOutcomes {
  // why: bound by the sessions part of the messaging module; without it no message has a session to expire.
  constructor(private readonly sessions: SenderSessions) {}

  /**
   * Marks the messages, expires revoked sessions, and answers the transient failures by message id. `notes` go on a
   * message's `sending` entry (the fallback session it went through).
   */
  async settle(messages: readonly Message[], outcomes: ReadonlyMap<string, ProviderReceipt | Error>, notes: ReadonlyMap<string, string> = new Map()): Promise<Map<string, Error>> {
    const transient = new Map<string, Error>();
    const expired = new Map<string, string>();
    for (const message of messages) {
      const outcome = outcomes.get(message.id)!;
      if (outcome instanceof Error && !(outcome instanceof DomainError)) {
        transient.set(message.id, outcome);
        continue;
      }
      message.markSending(new Date(), notes.get(message.id));
      if (!(outcome instanceof Error)) message.markSent(outcome.providerMessageId);
      else message.markFailed(reasonOf(outcome));
      if (outcome instanceof SessionAuthRevoked && message.sessionId) expired.set(message.sessionId, reasonOf(outcome));
    }
    for (const [sessionId, reason] of expired) await this.sessions.markExpired(sessionId, reason);
    return transient;
  }
}

function reasonOf(error: DomainError): string {
  const code = error instanceof MessageRefused || error instanceof SessionAuthRevoked ? error.code : null;
  const reason = error instanceof SessionAuthRevoked ? `the session's credentials no longer work: ${error.message}` : error.message;
  return code ? `${reason} (provider code ${code})` : reason;
}
