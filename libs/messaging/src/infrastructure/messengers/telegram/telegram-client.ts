import { Injectable } from '@nestjs/common';
import { Api, Logger, TelegramClient } from 'telegram';
import { LogLevel } from 'telegram/extensions/Logger';
import { CustomFile } from 'telegram/client/uploads';
import { StringSession } from 'telegram/sessions';

/** The part of GramJS's `TelegramClient` the adapter uses: the seam its specs put a fake behind. */
export interface TelegramConnection {
  connect(): Promise<unknown>;
  disconnect(): Promise<void>;
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
  uploadFile(params: { file: CustomFile; workers: number }): Promise<Api.TypeInputFile>;
  /** A peer from GramJS's entity cache, or looked up by Telegram (numeric user ids). */
  getInputEntity(entity: Api.TypePeer): Promise<Api.TypeInputPeer>;
  /** The StringSession: the account's auth key and data centre, all a later client needs to act as it. */
  sessionString(): string;
}

/** Makes a connection for a StringSession (`''` for a new login). */
export abstract class TelegramClientFactory {
  abstract create(session: string, apiId: number, apiHash: string): TelegramConnection;
}

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
