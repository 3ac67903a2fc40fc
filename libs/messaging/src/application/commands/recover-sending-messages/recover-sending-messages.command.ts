import { Command } from '@nestjs/cqrs';
import { CrashRecovery } from '../../ports/messenger-descriptor';

/** How one message a crash left `sending` was settled. */
export interface Recovered {
  messageId: string;
  messenger: string;
  policy: CrashRecovery;
  /** `sent`/`failed`: the provider said so; `resent`: sent again; `unknown`: left for an operator. */
  outcome: 'sent' | 'failed' | 'resent' | 'unknown';
}

/**
 * Settles the messages left `sending` for longer than `SENDING_TIMEOUT` at `now` (a crash between the two transactions
 * of a send), each by its messenger's `crashRecovery`. Answers what it did; messages it could not settle now (a lookup
 * that failed) stay for the next sweep.
 */
export class RecoverSendingMessagesCommand extends Command<Recovered[]> {
  constructor(readonly now: Date = new Date()) {
    super();
  }
}
