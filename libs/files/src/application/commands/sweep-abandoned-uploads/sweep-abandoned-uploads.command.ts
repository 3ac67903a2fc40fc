import { Command } from '@nestjs/cqrs';

/** Removes the bytes and the row of uploads begun before `before` that never finished (their process died). */
export class SweepAbandonedUploadsCommand extends Command<{ removed: number }> {
  constructor(
    readonly before: Date,
    readonly limit = 100,
  ) {
    super();
  }
}
