import { ConnectStyle, MessengerDescriptor, RecipientKind } from '../../ports/messenger-descriptor';

export interface CredentialFieldView {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  required: boolean;
  secret: boolean;
  description: string;
  example: string | number | boolean | null;
}

/** One messenger as `GET /v1/messaging/sessions/messengers` shows it: its descriptor in snake_case, and whether this server can use it. */
export interface MessengerView {
  name: string;
  title: string;
  connect: ConnectStyle;
  password_step: boolean;
  recipients: RecipientKind[];
  features: {
    text: boolean;
    media: boolean;
    html: boolean;
    delivery_receipts: boolean;
    read_receipts: boolean;
    inbound: boolean;
    provider_idempotency: boolean;
    status_lookup: boolean;
  };
  limits: {
    text_length: number;
    media: { types: string[]; max_bytes: number; max_count: number } | null;
    pace: { per_minute: number; jitter_ms: number };
  };
  credentials: CredentialFieldView[];
  available: boolean;
  unavailable_reason: string | null;
}

export function messengerView(descriptor: MessengerDescriptor, unavailableReason: string | null): MessengerView {
  const { features: f, limits } = descriptor;
  return {
    name: descriptor.name,
    title: descriptor.title,
    connect: descriptor.connect,
    password_step: descriptor.passwordStep,
    recipients: [...descriptor.recipients],
    features: {
      text: f.text,
      media: f.media,
      html: f.html,
      delivery_receipts: f.deliveryReceipts,
      read_receipts: f.readReceipts,
      inbound: f.inbound,
      provider_idempotency: f.providerIdempotency,
      status_lookup: f.statusLookup,
    },
    limits: {
      text_length: limits.textLength,
      media: limits.media && { types: [...limits.media.types], max_bytes: limits.media.maxBytes, max_count: limits.media.maxCount },
      pace: { per_minute: limits.pace.perMinute, jitter_ms: limits.pace.jitterMs },
    },
    credentials: descriptor.credentials.map((field) => ({ ...field, example: field.example ?? null })),
    available: unavailableReason === null,
    unavailable_reason: unavailableReason,
  };
}
