import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { ConnectStep, Messenger, OutgoingMessage, ProviderReceipt, SenderSession, SessionSecrets } from '../../../application/ports/messenger';
import { MessengerDescriptor } from '../../../application/ports/messenger-descriptor';
import { ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { TelegramClientFactory, TelegramConnection } from './telegram-client';
import { TelegramClientPool } from './telegram-client.pool';
import { TelegramSettings } from './telegram.settings';

type Runtime = typeof import('./telegram-runtime', { with: { 'resolution-mode': 'require' } });
// why: GramJS takes seconds to load, so it is required on first use: apps and tests that never use Telegram skip it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gramjs = async (): Promise<Runtime> => require('./telegram-runtime') as Runtime;

export const TELEGRAM_DESCRIPTOR: MessengerDescriptor = {
  name: 'telegram',
  title: 'Telegram (your own user account over MTProto: a login code, then the two-step password if set)',
  connect: 'otp',
  passwordStep: true,
  recipients: ['phone', 'telegram_username', 'telegram_user_id'],
  features: { text: true, media: true, html: false, deliveryReceipts: false, readReceipts: false, inbound: false, providerIdempotency: true, statusLookup: false },
  limits: { textLength: 4096, media: { types: ['image/*', 'video/*', 'audio/*', 'application/*', 'text/*'], maxBytes: 2 * 1024 ** 3, maxCount: 10 }, pace: { perMinute: 20, jitterMs: 5_000 } },
  credentials: [],
  // why: the random_id derived from our id makes Telegram refuse a second copy (RANDOM_ID_DUPLICATE).
  crashRecovery: 'resend',
};

/**
 * Telegram as a user account, with GramJS: a login code (`auth.sendCode`, `auth.signIn`), the two-step password by
 * SRP (`auth.checkPassword`), then a StringSession as the session's secret. Sends carry a `random_id` derived from
 * our message id, which Telegram deduplicates on.
 */
@Injectable()
export class GramjsTelegramMessenger extends Messenger implements OnModuleDestroy {
  static readonly descriptor = TELEGRAM_DESCRIPTOR;
  readonly descriptor = TELEGRAM_DESCRIPTOR;
  private readonly pool: TelegramClientPool;

  constructor(
    @Optional() private readonly settings: TelegramSettings = TelegramSettings.fromEnv(),
    @Optional() private readonly clients: TelegramClientFactory | null = null,
  ) {
    super();
    this.pool = new TelegramClientPool((session) => this.connected(session), settings.maxClients, settings.clientIdleMs);
  }

  override get unavailableReason(): string | null {
    return this.settings.missing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  override async startOtp(phone: string): Promise<ConnectStep> {
    const { Api, accountOf } = await gramjs();
    return this.loginStep('', async (connection) => {
      const { apiId, apiHash } = this.credentials();
      const sent = await connection.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId, apiHash, settings: new Api.CodeSettings({}) }));
      if (sent instanceof Api.auth.SentCodeSuccess) return { status: 'active', secrets: { session: connection.sessionString() }, ...accountOf(sent.authorization) };
      return { status: 'pending_code', state: { session: connection.sessionString(), phoneCodeHash: sent.phoneCodeHash, phone }, hint: 'the code was sent to the Telegram app' };
    });
  }

  override async verifyCode(state: SessionSecrets, code: string): Promise<ConnectStep> {
    const { Api, accountOf, isPasswordNeeded } = await gramjs();
    return this.loginStep(String(state.session), async (connection) => {
      try {
        const signedIn = await connection.invoke(new Api.auth.SignIn({ phoneNumber: String(state.phone), phoneCodeHash: String(state.phoneCodeHash), phoneCode: code.trim() }));
        return { status: 'active', secrets: { session: connection.sessionString() }, ...accountOf(signedIn) };
      } catch (error) {
        if (!isPasswordNeeded(error)) throw error;
        return { status: 'pending_password', state: { session: connection.sessionString(), phone: state.phone }, hint: 'the account has two-step verification: send its password' };
      }
    });
  }

  override async verifyPassword(state: SessionSecrets, password: string): Promise<ConnectStep> {
    const { Api, accountOf, computeCheck } = await gramjs();
    return this.loginStep(String(state.session), async (connection) => {
      const srp = await computeCheck(await connection.invoke(new Api.account.GetPassword()), password);
      const signedIn = await connection.invoke(new Api.auth.CheckPassword({ password: srp }));
      return { status: 'active', secrets: { session: connection.sessionString() }, ...accountOf(signedIn) };
    });
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const session = this.sessionOf(message.session);
    const { classifyTelegramError } = await gramjs();
    try {
      const connection = await this.pool.connection(message.session!.id, session);
      return await this.within(this.deliver(connection, message), 'send');
    } catch (error) {
      const classified = classifyTelegramError(error);
      if (classified instanceof SessionAuthRevoked || (classified instanceof ProviderUnavailable && classified.code !== 'FLOOD_WAIT')) await this.pool.drop(message.session!.id);
      throw classified;
    }
  }

  override async logout(session: SenderSession): Promise<void> {
    await this.pool.drop(session.id);
    const { Api, classifyTelegramError } = await gramjs();
    const secret = session.secrets.session;
    if (typeof secret !== 'string' || !secret) return;
    let connection: TelegramConnection | null = null;
    try {
      connection = await this.connected(secret);
      await this.within(connection.invoke(new Api.auth.LogOut()), 'logout');
    } catch (error) {
      if (!(classifyTelegramError(error) instanceof SessionAuthRevoked)) throw classifyTelegramError(error);
    } finally {
      await connection?.disconnect().catch(() => undefined);
    }
  }

  private async deliver(connection: TelegramConnection, { messageId, to, text, attachments = [] }: OutgoingMessage): Promise<ProviderReceipt> {
    const { Api, randomIdOf, resolveRecipient, rpcNameOf, sentMessageId, uploadedMedia } = await gramjs();
    const peer = await resolveRecipient(connection, to);
    const sends = attachments.length
      ? attachments.map((attachment, index) => async (randomId: ReturnType<typeof randomIdOf>) => new Api.messages.SendMedia({ peer, media: await uploadedMedia(connection, attachment), message: index === 0 ? text : '', randomId }))
      : [async (randomId: ReturnType<typeof randomIdOf>) => new Api.messages.SendMessage({ peer, message: text, randomId })];
    const ids: string[] = [];
    for (const [index, request] of sends.entries()) {
      const randomId = randomIdOf(messageId, index);
      try {
        ids.push(sentMessageId(await connection.invoke(await request(randomId)), randomId));
      } catch (error) {
        // why: Telegram already made this message from an earlier attempt; its id is lost with that answer.
        if (rpcNameOf(error) !== 'RANDOM_ID_DUPLICATE') throw error;
        ids.push(`random:${randomId.toString()}`);
      }
    }
    return { providerMessageId: ids[0] };
  }

  private async loginStep(session: string, step: (connection: TelegramConnection) => Promise<ConnectStep>): Promise<ConnectStep> {
    let connection: TelegramConnection | null = null;
    try {
      connection = await this.connected(session);
      return await this.within(step(connection), 'login');
    } catch (error) {
      throw (await gramjs()).classifyLoginError(error);
    } finally {
      await connection?.disconnect().catch(() => undefined);
    }
  }

  private async connected(session: string): Promise<TelegramConnection> {
    const { apiId, apiHash } = this.credentials();
    const clients = this.clients ?? new (await gramjs()).GramjsClientFactory();
    const connection = clients.create(session, apiId, apiHash);
    await this.within(connection.connect(), 'connect');
    return connection;
  }

  private within<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProviderUnavailable(`Telegram did not answer the ${what} within ${this.settings.timeoutMs} ms`, 'timeout')), this.settings.timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private credentials(): { apiId: number; apiHash: string } {
    const { apiId, apiHash, missing } = this.settings;
    if (!apiId || !apiHash) throw new ProviderUnavailable(missing ?? 'Telegram is not configured', 'not_configured');
    return { apiId, apiHash };
  }

  private sessionOf(session: SenderSession | null): string {
    const secret = session?.secrets.session;
    if (typeof secret !== 'string' || !secret) throw new SessionAuthRevoked('this Telegram session has no login: connect it again', 'no_session');
    return secret;
  }
}
