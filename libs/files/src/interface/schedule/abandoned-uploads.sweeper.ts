import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SweepAbandonedUploadsCommand } from '../../application/commands/sweep-abandoned-uploads/sweep-abandoned-uploads.command';

/** An upload still `uploading` after a day was left by a process that died: no upload runs that long. */
export const ABANDONED_AFTER_MS = 24 * 3_600_000;
const FIRST_SWEEP_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 3_600_000;

/** In a process that takes uploads: removes abandoned ones a minute after start, then every hour. */
@Injectable()
export class AbandonedUploadsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AbandonedUploadsSweeper');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly commands: CommandBus) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_SWEEP_AFTER_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async sweep(now = Date.now()): Promise<number> {
    try {
      const { removed } = await this.commands.execute(new SweepAbandonedUploadsCommand(new Date(now - ABANDONED_AFTER_MS)));
      if (removed > 0) this.logger.log(`removed ${removed} abandoned uploads`);
      return removed;
    } catch (error) {
      this.logger.warn({ err: error }, 'the abandoned-upload sweep failed; it runs again within the hour');
      return 0;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.sweep().then(() => this.schedule(SWEEP_EVERY_MS)), ms).unref();
  }
}
