import type { Api } from 'telegram';
import type { CustomFile } from 'telegram/client/uploads';

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
