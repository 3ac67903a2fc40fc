import { Type } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { DeadLetter, DeadLetters } from '@app/platform';

export const DEAD_MESSAGE_ID = '0190a000-0000-7000-8000-000000000002';

/** Records the commands a reaction runs instead of running them. */
export class RecordingCommandBus {
  readonly executed: ICommand[] = [];

  async execute(command: ICommand): Promise<void> {
    this.executed.push(command);
  }
}

/** A dead letter of the send queue (or of `queue`) with this payload. */
export const aSendDeadLetter = (payload: unknown, queue = 'dispatcher.messaging.send-message'): DeadLetter => ({
  queue,
  messageId: DEAD_MESSAGE_ID,
  type: 'messaging.send-message',
  payload,
  headers: {},
  correlationId: null,
  error: 'Error: provider down',
  attempts: 6,
});

/** A dead-letter reaction initialised on an in-memory `DeadLetters` and a recording command bus. */
export async function reactionOn(reaction: Type): Promise<{ bus: RecordingCommandBus; deadLetters: DeadLetters }> {
  const bus = new RecordingCommandBus();
  const deadLetters = new DeadLetters({ query: async () => [] } as never);
  const module = await Test.createTestingModule({ providers: [reaction, { provide: DeadLetters, useValue: deadLetters }, { provide: CommandBus, useValue: bus }] }).compile();
  await module.init();
  return { bus, deadLetters };
}
