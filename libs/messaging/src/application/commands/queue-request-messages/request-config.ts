import { MessengerDescriptor } from '../../ports/messenger-descriptor';
import { MessageTemplate } from './message-template';

export const DUPLICATE_RECIPIENT_POLICIES = ['send', 'skip'] as const;
export type DuplicateRecipientPolicy = (typeof DUPLICATE_RECIPIENT_POLICIES)[number];

/** The config of a `messages` import: one message per row, from a messenger (and session), to the recipient column. */
export interface RequestConfig {
  messenger: string;
  sessionId: string | null;
  recipientColumn: string;
  template: MessageTemplate;
  duplicateRecipients: DuplicateRecipientPolicy;
}

export interface RequestConfigProblem {
  field: string;
  message: string;
}

// why: the engine's own keys (unknown_columns, column_mapping, encoding, sheet) ride along in the same object.
const KNOWN = new Set(['messenger', 'session_id', 'recipient_column', 'text', 'template', 'duplicate_recipients', 'unknown_columns', 'column_mapping', 'encoding', 'sheet']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const nonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The config read against its schema: the config, or each field that does not fit and why. */
export function requestConfigOf(
  config: Readonly<Record<string, unknown>>,
  descriptorOf: (messenger: string) => MessengerDescriptor | null,
): { config: RequestConfig } | { problems: RequestConfigProblem[] } {
  const problems: RequestConfigProblem[] = [];
  const unknown = Object.keys(config).filter((key) => !KNOWN.has(key));
  if (unknown.length) problems.push({ field: unknown.join(', '), message: `unknown; the fields are ${[...KNOWN].join(', ')}` });
  const { messenger, session_id: sessionId = null, recipient_column: recipientColumn, text, template, duplicate_recipients: duplicates = 'send' } = config;
  const descriptor = nonBlank(messenger) ? descriptorOf(messenger) : null;
  if (!nonBlank(messenger)) problems.push({ field: 'messenger', message: 'is required (GET /v1/messaging/sessions/messengers lists them)' });
  else if (!descriptor) problems.push({ field: 'messenger', message: `${JSON.stringify(messenger.slice(0, 64))} is not a messenger of this server` });
  if (sessionId !== null && !(typeof sessionId === 'string' && UUID.test(sessionId))) problems.push({ field: 'session_id', message: 'must be a session id (uuid)' });
  if (!nonBlank(recipientColumn)) problems.push({ field: 'recipient_column', message: 'is required: the column of the file that holds the recipients' });
  if ((text === undefined) === (template === undefined)) problems.push({ field: 'text', message: 'give text or template (one of them), with {{column}} variables if you like' });
  const body = text ?? template;
  if (body !== undefined && !nonBlank(body)) problems.push({ field: text !== undefined ? 'text' : 'template', message: 'must be a non-blank string' });
  if (!DUPLICATE_RECIPIENT_POLICIES.includes(duplicates as DuplicateRecipientPolicy)) {
    problems.push({ field: 'duplicate_recipients', message: `must be one of ${DUPLICATE_RECIPIENT_POLICIES.join(', ')}` });
  }
  if (problems.length || !descriptor) return { problems };
  return {
    config: {
      messenger: descriptor.name,
      sessionId: sessionId === null ? null : (sessionId as string).toLowerCase(),
      recipientColumn: recipientColumn as string,
      // why: only an HTML body (a template for a messenger that sends HTML: email) escapes what the rows put in it.
      template: new MessageTemplate(body as string, template !== undefined && descriptor.features.html),
      duplicateRecipients: duplicates as DuplicateRecipientPolicy,
    },
  };
}
