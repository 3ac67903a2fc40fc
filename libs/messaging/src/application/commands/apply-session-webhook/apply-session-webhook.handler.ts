import { timingSafeEqual } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Transactional } from '@nestjs-cls/transactional';
import { Session } from '../../../domain/session.aggregate';
import { WebhookRefused } from '../../../domain/session.errors';
import { SessionWebhookEvent } from '../../ports/messenger';
import { SessionRepository } from '../../ports/session.repository';
import { SessionMessengers } from '../../session-messengers';
import { webhookSecretHash } from '../start-qr-session/start-qr-session.handler';
import { ApplySessionWebhookCommand } from './apply-session-webhook.command';

@CommandHandler(ApplySessionWebhookCommand)
export class ApplySessionWebhookHandler implements ICommandHandler<ApplySessionWebhookCommand> {
  constructor(
    private readonly messengers: SessionMessengers,
    private readonly sessions: SessionRepository,
  ) {}

  // why: the token is checked before the body is even read, and an unknown session answers as a wrong token does,
  // so that the route tells a caller without the secret nothing.
  @Transactional()
  async execute({ messenger: name, sessionId, token, body }: ApplySessionWebhookCommand): Promise<{ applied: number }> {
    const session = await this.sessions.findForWebhook(sessionId);
    const { messenger: sessionMessenger, webhookSecretHash: expected } = session?.snapshot() ?? {};
    if (!session || sessionMessenger !== name || !expected || token === null || !sameHash(webhookSecretHash(token), expected)) throw new WebhookRefused();
    const messenger = this.messengers.of(session);
    const events = messenger.readSessionWebhook?.(body) ?? [];
    const applied = events.filter((event) => apply(session, event)).length;
    if (applied) await this.sessions.save(session);
    return { applied };
  }
}

function sameHash(actual: string, expected: string): boolean {
  const [a, b] = [Buffer.from(actual, 'hex'), Buffer.from(expected, 'hex')];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** One event on the session, where it still applies (webhooks come late and twice); true when it changed it. */
function apply(session: Session, event: SessionWebhookEvent): boolean {
  if (session.expireIfDue()) return true;
  if (event.kind === 'qr' && session.status === 'pending_qr') session.qrRotated(event.qr);
  else if (event.kind === 'connected' && session.status === 'pending_qr') session.qrScanned({ secrets: null, address: event.address, displayName: event.displayName });
  else if (event.kind === 'disconnected' && session.status === 'active') session.expire(event.reason);
  else return false;
  return true;
}
