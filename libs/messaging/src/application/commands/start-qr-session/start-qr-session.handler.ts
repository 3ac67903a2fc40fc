import { createHash, randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Session } from '../../../domain/session.aggregate';
import { SessionRepository } from '../../ports/session.repository';
import { WebhookUrls } from '../../ports/webhook-urls';
import { sessionView, SessionView } from '../../queries/get-session/session.view';
import { SessionMessengers } from '../../session-messengers';
import { StartQrSessionCommand } from './start-qr-session.command';

/** The SHA-256 of a webhook secret, as stored: a leaked row does not give the secret away. */
export function webhookSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

@CommandHandler(StartQrSessionCommand)
export class StartQrSessionHandler implements ICommandHandler<StartQrSessionCommand> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
    private readonly webhooks: WebhookUrls,
  ) {}

  async execute({ ownerId, messenger: name }: StartQrSessionCommand): Promise<SessionView> {
    const messenger = this.messengers.forNewSession(name, 'qr');
    const sessionId = Session.newId();
    const webhookSecret = randomBytes(32).toString('base64url');
    const webhookUrl = this.webhooks.sessionWebhook(name, sessionId, webhookSecret);
    const step = await this.messengers.step(messenger, 'startQr')({ sessionId, webhookUrl, webhookSecret });
    if (step.status !== 'pending_qr') throw new Error(`the ${name} adapter answered ${step.status} to startQr`);
    const session = Session.awaitingQr({ id: sessionId, ownerId, messenger: name, state: step.state, qr: step.qr, webhookSecretHash: webhookSecretHash(webhookSecret) });
    await this.sessions.add(session);
    return sessionView(session);
  }
}
