import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Metrics } from '@app/platform';
import { Recovered, RecoverSendingMessagesCommand } from '../../application/commands/recover-sending-messages/recover-sending-messages.command';
import { SendLimits } from '../../application/commands/send-messages/send-limits';

/**
 * In the dispatcher: settles the messages a crash left `sending` past `SENDING_TIMEOUT`, every quarter of it (at most
 * every 30 s), by their messengers' recovery policies; counts each in `missive_send_recoveries_total`, the `unknown`
 * ones in `missive_messages_unknown_total` too. Replicas may sweep at once: the rows are locked and settled once.
 */
@Injectable()
export class SendingMessagesSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SendingMessagesSweeper');
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly limits: SendLimits,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async sweep(now = new Date()): Promise<Recovered[]> {
    try {
      const recovered: Recovered[] = await this.commands.execute(new RecoverSendingMessagesCommand(now));
      for (const { messageId, messenger, policy, outcome } of recovered) {
        this.metrics.sendRecovered(messenger, policy, outcome);
        this.logger[outcome === 'unknown' ? 'warn' : 'log']({ message_id: messageId, messenger, policy, outcome }, 'settled a message a crash left sending');
      }
      return recovered;
    } catch (error) {
      this.logger.warn({ err: error }, 'the sweep of messages left sending failed; it runs again');
      return [];
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const every = Math.min(30_000, Math.max(1_000, this.limits.sendingTimeoutMs / 4));
    this.timer = setTimeout(() => void this.sweep().then(() => this.schedule()), every).unref();
  }
}
