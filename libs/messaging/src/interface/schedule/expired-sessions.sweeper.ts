import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ExpireSessionsCommand } from '../../application/commands/expire-sessions/expire-sessions.command';

const SWEEP_EVERY_MS = 60_000;

/** In a process that serves the session routes: expires pending sessions whose code or QR was not used in time, every minute. */
@Injectable()
export class ExpiredSessionsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiredSessionsSweeper');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly commands: CommandBus) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async sweep(now = new Date()): Promise<number> {
    try {
      const { expired } = await this.commands.execute(new ExpireSessionsCommand(now));
      if (expired > 0) this.logger.log(`expired ${expired} pending sessions`);
      return expired;
    } catch (error) {
      this.logger.warn({ err: error }, 'the expired-session sweep failed; it runs again within the minute');
      return 0;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.sweep().then(() => this.schedule()), SWEEP_EVERY_MS).unref();
  }
}
