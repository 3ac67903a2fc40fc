import { Injectable } from '@nestjs/common';
import { Logger, TelegramClient } from 'telegram';
import { LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';
import { TelegramClientFactory, TelegramConnection } from './telegram-client';

/** GramJS clients over MTProto, quiet, and handing every flood wait back to us instead of sleeping on it. */
@Injectable()
export class GramjsClientFactory extends TelegramClientFactory {
  create(session: string, apiId: number, apiHash: string): TelegramConnection {
    const client = new TelegramClient(new StringSession(session), apiId, apiHash, {
      connectionRetries: 2,
      requestRetries: 2,
      floodSleepThreshold: 0,
      baseLogger: new Logger(LogLevel.NONE),
    });
    return Object.assign(client, { sessionString: () => String(client.session.save()) }) as unknown as TelegramConnection;
  }
}
