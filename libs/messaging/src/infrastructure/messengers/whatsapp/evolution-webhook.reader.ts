import { SessionWebhookEvent } from '../../../application/ports/messenger';

const RECEIPTS: Record<string, 'delivered' | 'read' | 'failed'> = { DELIVERY_ACK: 'delivered', READ: 'read', PLAYED: 'read', ERROR: 'failed' };

interface EvolutionWebhook {
  event?: unknown;
  date_time?: unknown;
  data?: Record<string, unknown> | null;
}

/** `5511999999999@s.whatsapp.net` (or `…:12@s.whatsapp.net`) → `+5511999999999`. */
export function addressOfJid(jid: string): string {
  return `+${jid.split('@')[0].split(':')[0]}`;
}

function at(body: EvolutionWebhook): Date {
  const parsed = typeof body.date_time === 'string' ? Date.parse(body.date_time) : NaN;
  return Number.isNaN(parsed) ? new Date() : new Date(parsed);
}

function connection(data: Record<string, unknown>): SessionWebhookEvent {
  const state = String(data.state);
  if (state === 'open' && typeof data.wuid === 'string') {
    return { kind: 'connected', address: addressOfJid(data.wuid), ...(typeof data.profileName === 'string' ? { displayName: data.profileName } : {}) };
  }
  if (state === 'close' || state === 'refused') return { kind: 'disconnected', reason: `WhatsApp connection ${state} (status ${String(data.statusReason ?? 'unknown')})` };
  return { kind: 'ignored', type: `connection.update:${state}` };
}

function qr(data: Record<string, unknown>): SessionWebhookEvent {
  const code = (data.qrcode as { code?: unknown; pairingCode?: unknown } | undefined) ?? {};
  if (typeof code.code !== 'string') return { kind: 'disconnected', reason: String(data.message ?? 'QR code limit reached') };
  return { kind: 'qr', qr: { code: code.code, pairingCode: typeof code.pairingCode === 'string' ? code.pairingCode : null } };
}

function receipt(body: EvolutionWebhook, data: Record<string, unknown>): SessionWebhookEvent {
  const status = RECEIPTS[String(data.status)];
  const keyId = data.keyId ?? (data.key as { id?: unknown } | undefined)?.id;
  if (!status || typeof keyId !== 'string' || data.fromMe === false) return { kind: 'ignored', type: `messages.update:${String(data.status)}` };
  return { kind: 'receipt', providerMessageId: keyId, status, at: at(body), ...(status === 'failed' ? { error: 'WhatsApp reported the message as failed' } : {}) };
}

/**
 * Evolution API v2's webhook body (`{event, instance, data, date_time, …}`) as session events: `qrcode.updated` → a new
 * QR code, `connection.update` → connected (with the account's number) or disconnected, `messages.update` → delivery
 * and read receipts of the messages we sent. Anything else is `ignored`.
 */
export function readEvolutionWebhook(body: unknown): SessionWebhookEvent[] {
  const webhook = (body ?? {}) as EvolutionWebhook;
  const event = typeof webhook.event === 'string' ? webhook.event.toLowerCase().replace(/_/g, '.') : 'unknown';
  const data = webhook.data && typeof webhook.data === 'object' ? webhook.data : null;
  if (!data) return [{ kind: 'ignored', type: event }];
  if (event === 'qrcode.updated') return [qr(data)];
  if (event === 'connection.update') return [connection(data)];
  if (event === 'messages.update') return [receipt(webhook, data)];
  return [{ kind: 'ignored', type: event }];
}
