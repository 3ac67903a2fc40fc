import { Logger } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { SweepAbandonedUploadsCommand } from '../../application/commands/sweep-abandoned-uploads/sweep-abandoned-uploads.command';
import { ABANDONED_AFTER_MS, AbandonedUploadsSweeper } from './abandoned-uploads.sweeper';

describe('AbandonedUploadsSweeper', () => {
  const executed: ICommand[] = [];
  let outcome: () => Promise<{ removed: number }>;
  const sweeper = new AbandonedUploadsSweeper({ execute: async (command: ICommand) => (executed.push(command), outcome()) } as unknown as CommandBus);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    executed.length = 0;
  });

  it('sweeps the uploads begun more than a day ago', async () => {
    outcome = async () => ({ removed: 3 });
    const now = Date.parse('2026-05-01T12:00:00Z');

    await expect(sweeper.sweep(now)).resolves.toBe(3);

    expect(executed).toEqual([new SweepAbandonedUploadsCommand(new Date(now - ABANDONED_AFTER_MS))]);
    expect(ABANDONED_AFTER_MS).toBe(24 * 3_600_000);
  });

  it('survives a failed sweep, for the next one to try again', async () => {
    outcome = async () => {
      throw new Error('database gone');
    };

    await expect(sweeper.sweep()).resolves.toBe(0);
  });
});
