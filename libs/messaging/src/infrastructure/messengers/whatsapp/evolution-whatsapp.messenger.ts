import { Injectable, Optional } from '@nestjs/common';
import { ConnectStep, Messenger, OutgoingAttachment, OutgoingMessage, ProviderReceipt, QrSessionStart, SenderSession, SessionSecrets, SessionWebhookEvent } from '../../../application/ports/messenger';
import { MessengerDescriptor } from '../../../application/ports/messenger-descriptor';
import { ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { EvolutionAnswer, EvolutionApiClient } from './evolution-api.client';
import { classifyEvolutionAnswer, mayBeLoggedOut } from './evolution.errors';
import { EvolutionSettings } from './evolution.settings';
import { addressOfJid, readEvolutionWebhook } from './evolution-webhook.reader';

export const WHATSAPP_DESCRIPTOR: MessengerDescriptor = {
  name: 'whatsapp',
  title: 'WhatsApp (a phone paired by QR code, through an Evolution API v2 server)',
  connect: 'qr',
  passwordStep: false,
  recipients: ['whatsapp_number'],
  features: { text: true, media: true, html: false, deliveryReceipts: true, readReceipts: true, inbound: true, providerIdempotency: false, statusLookup: false },
  limits: {
    textLength: 65_536,
    media: { types: ['image/*', 'video/*', 'audio/*', 'application/pdf', 'application/*', 'text/*'], maxBytes: 16 * 1024 * 1024, maxCount: 10 },
    pace: { perMinute: 20, jitterMs: 3_000 },
  },
  credentials: [],
  // why: Evolution API neither takes an idempotency key nor finds a message by our id: a resend could be a second message.
  crashRecovery: 'unknown',
};

export const EVOLUTION_WEBHOOK_EVENTS = ['CONNECTION_UPDATE', 'QRCODE_UPDATED', 'MESSAGES_UPDATE', 'MESSAGES_UPSERT'] as const;

interface QrCode {
  code?: unknown;
  pairingCode?: unknown;
}

interface Instance {
  ownerJid?: unknown;
  profileName?: unknown;
}

/** Evolution's instance name for a session: stable, so a retried start finds the instance it made. */
export function instanceNameOf(sessionId: string): string {
  return `missive-${sessionId}`;
}

function mediaTypeOf(contentType: string): 'image' | 'video' | 'audio' | 'document' {
  const family = contentType.split('/')[0];
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}

/**
 * WhatsApp through an Evolution API v2 server (Baileys): one Evolution instance per session, paired by QR code; its
 * webhook reports the pairing, disconnection and receipts. Evolution takes no idempotency key, so a resend after a
 * crash between the call and its record may send twice.
 */
@Injectable()
export class EvolutionWhatsappMessenger extends Messenger {
  static readonly descriptor = WHATSAPP_DESCRIPTOR;
  readonly descriptor = WHATSAPP_DESCRIPTOR;
  private readonly api: EvolutionApiClient;

  constructor(@Optional() private readonly settings: EvolutionSettings = EvolutionSettings.fromEnv()) {
    super();
    this.api = new EvolutionApiClient(settings);
  }

  override get unavailableReason(): string | null {
    return this.settings.missing;
  }

  override async startQr({ sessionId, webhookUrl, webhookSecret }: QrSessionStart): Promise<ConnectStep> {
    const instance = instanceNameOf(sessionId);
    const created = await this.api.request('POST', '/instance/create', {
      instanceName: instance,
      qrcode: true,
      integration: 'WHATSAPP-BAILEYS',
      ...(webhookUrl && {
        webhook: { enabled: true, url: webhookUrl, byEvents: false, base64: false, headers: { authorization: `Bearer ${webhookSecret}` }, events: EVOLUTION_WEBHOOK_EVENTS },
      }),
    });
    // why: 403 "already in use" is our own instance from an earlier try of this start, whose answer was lost.
    if (created.status >= 300 && !(created.status === 403 && /already in use/i.test(JSON.stringify(created.body)))) throw classifyEvolutionAnswer(created, instance);
    return this.connect(instance);
  }

  override async pollQr(state: SessionSecrets): Promise<ConnectStep> {
    const instance = String(state.instance);
    const answer = this.ok(await this.api.request('GET', `/instance/connectionState/${encodeURIComponent(instance)}`), instance);
    const connection = (answer.body as { instance?: { state?: unknown } } | null)?.instance?.state;
    return connection === 'open' ? this.connected(instance) : this.connect(instance);
  }

  override readSessionWebhook(body: unknown): SessionWebhookEvent[] {
    return readEvolutionWebhook(body);
  }

  async send(message: OutgoingMessage): Promise<ProviderReceipt> {
    const instance = this.instanceOf(message.session);
    try {
      return await this.deliver(instance, message);
    } catch (error) {
      if (mayBeLoggedOut(error) && (await this.stateOf(instance)) === 'close') {
        throw new SessionAuthRevoked(`the WhatsApp instance ${instance} is logged out (${(error as Error).message})`, 'instance_logged_out');
      }
      throw error;
    }
  }

  override async logout(session: SenderSession): Promise<void> {
    const instance = this.instanceOf(session);
    for (const path of [`/instance/logout/${encodeURIComponent(instance)}`, `/instance/delete/${encodeURIComponent(instance)}`]) {
      const answer = await this.api.request('DELETE', path);
      // why: 404 (no such instance) and 400 "is not connected" mean the instance is already where logout takes it.
      if (answer.status >= 300 && answer.status !== 404 && answer.status !== 400) throw classifyEvolutionAnswer(answer, instance);
    }
  }

  private async deliver(instance: string, { to, text, attachments = [] }: OutgoingMessage): Promise<ProviderReceipt> {
    const number = to.replace(/^\+/, '');
    const path = (route: string) => `/message/${route}/${encodeURIComponent(instance)}`;
    if (attachments.length === 0) return this.receiptOf(this.ok(await this.api.request('POST', path('sendText'), { number, text }), instance));
    const receipts: ProviderReceipt[] = [];
    for (const [index, attachment] of attachments.entries()) {
      const body = await this.mediaBody(number, attachment, index === 0 ? text : '');
      receipts.push(this.receiptOf(this.ok(await this.api.request('POST', path('sendMedia'), body), instance)));
    }
    return receipts[0];
  }

  private async mediaBody(number: string, attachment: OutgoingAttachment, caption: string) {
    const media = (await attachment.read()).toString('base64');
    return { number, mediatype: mediaTypeOf(attachment.contentType), mimetype: attachment.contentType, fileName: attachment.fileName, media, ...(caption && { caption }) };
  }

  private receiptOf(answer: EvolutionAnswer): ProviderReceipt {
    const id = (answer.body as { key?: { id?: unknown } } | null)?.key?.id;
    if (typeof id !== 'string' || id === '') throw new ProviderUnavailable(`Evolution API answered ${answer.status} without a message key id`, 'malformed_response');
    return { providerMessageId: id };
  }

  private async connect(instance: string): Promise<ConnectStep> {
    const answer = this.ok(await this.api.request('GET', `/instance/connect/${encodeURIComponent(instance)}`), instance);
    const body = (answer.body ?? {}) as QrCode & { instance?: { state?: unknown }; error?: unknown; message?: unknown };
    if (body.instance?.state === 'open') return this.connected(instance);
    if (body.error === true) throw new ProviderUnavailable(`Evolution API could not connect ${instance}: ${String(body.message)}`, 'connect_failed');
    if (typeof body.code !== 'string') throw new ProviderUnavailable(`Evolution API has no QR code for ${instance} yet`, 'qr_not_ready', 2_000);
    return { status: 'pending_qr', state: { instance }, qr: { code: body.code, pairingCode: typeof body.pairingCode === 'string' ? body.pairingCode : null } };
  }

  private async connected(instance: string): Promise<ConnectStep> {
    const answer = this.ok(await this.api.request('GET', `/instance/fetchInstances?instanceName=${encodeURIComponent(instance)}`), instance);
    const found = (Array.isArray(answer.body) ? answer.body : []) as Instance[];
    const owner = found[0]?.ownerJid;
    if (typeof owner !== 'string') throw new ProviderUnavailable(`Evolution API does not tell the number of ${instance} yet`, 'owner_unknown', 2_000);
    const displayName = found[0].profileName;
    return { status: 'active', secrets: { instance }, address: addressOfJid(owner), ...(typeof displayName === 'string' && { displayName }) };
  }

  private async stateOf(instance: string): Promise<string | null> {
    try {
      const answer = await this.api.request('GET', `/instance/connectionState/${encodeURIComponent(instance)}`);
      if (answer.status === 404) return 'close';
      return String((answer.body as { instance?: { state?: unknown } } | null)?.instance?.state ?? '') || null;
    } catch {
      return null;
    }
  }

  private ok(answer: EvolutionAnswer, instance: string): EvolutionAnswer {
    if (answer.status >= 300) throw classifyEvolutionAnswer(answer, instance);
    return answer;
  }

  private instanceOf(session: SenderSession | null): string {
    const instance = session?.secrets.instance;
    if (typeof instance !== 'string') throw new SessionAuthRevoked('this WhatsApp session has no Evolution instance: connect it again', 'no_instance');
    return instance;
  }
}
