import { Logger } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { ExpireSessionsCommand } from '../../application/commands/expire-sessions/expire-sessions.command';
import { ExpiredSessionsSweeper } from './expired-sessions.sweeper';

describe('ExpiredSessionsSweeper', () => {
  const executed: ICommand[] = [];
  let outcome: () => Promise<{ expired: number }>;
  const sweeper = new ExpiredSessionsSweeper({ execute: async (command: ICommand) => (executed.push(command), outcome()) } as unknown as CommandBus);

  beforeAll(() => Logger.overrideLogger(false));

  it('expires the sessions overdue at the time of the sweep', async () => {
    outcome = async () => ({ expired: 2 });
    const now = new Date('2026-05-01T12:00:00Z');
    await expect(sweeper.sweep(now)).resolves.toBe(2);
    expect(executed).toEqual([new ExpireSessionsCommand(now)]);
  });

  it('survives a failed sweep, for the next one to try again', async () => {
    outcome = async () => {
      throw new Error('database gone');
    };
    await expect(sweeper.sweep()).resolves.toBe(0);
  });
});
