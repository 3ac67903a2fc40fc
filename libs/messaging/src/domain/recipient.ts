import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { DomainError } from '@app/shared-kernel';

/**
 * The kinds of recipient address a messenger takes in `to`: an E.164 phone number, an email address, a Telegram
 * `@username` or numeric user id, a WhatsApp number (E.164, as WhatsApp knows it), or `any` (the sandbox).
 */
export const RECIPIENT_KINDS = ['phone', 'email', 'telegram_username', 'telegram_user_id', 'whatsapp_number', 'any'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** A recipient address in the one form its kind is stored and sent in. */
export interface Recipient {
  kind: RecipientKind;
  address: string;
}

export class InvalidRecipient extends DomainError {
  readonly kind = 'invalid';
  constructor(to: string, kinds: readonly RecipientKind[]) {
    super(`The recipient (to) ${JSON.stringify(to.slice(0, 64))} is not ${kinds.map((kind) => DESCRIBED[kind]).join(', or ')}.`);
  }
}

const DESCRIBED: Record<RecipientKind, string> = {
  phone: 'a phone number in international form (E.164, e.g. +14155552671)',
  email: 'an email address (name@example.com)',
  telegram_username: 'a Telegram @username (5 to 32 letters, digits or _)',
  telegram_user_id: 'a Telegram user id (digits)',
  whatsapp_number: 'a WhatsApp number in international form (E.164, e.g. +14155552671)',
  any: 'an address of 1 to 320 characters',
};

const MAX_ADDRESS_LENGTH = 320;
const EMAIL = /^([^\s@<>()[\]\\,;:"]{1,64})@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;
const TELEGRAM_USERNAME = /^@?([a-zA-Z0-9_]{5,32})$/;
const TELEGRAM_USER_ID = /^[1-9][0-9]{0,18}$/;
const PHONE_LIKE = /^(\+|00)[0-9\s().-]+$/;

const NORMALISE: Record<RecipientKind, (to: string) => string | null> = {
  phone: e164,
  whatsapp_number: e164,
  email,
  telegram_username: (to) => {
    const name = TELEGRAM_USERNAME.exec(to)?.[1];
    return name ? `@${name}` : null;
  },
  telegram_user_id: (to) => (TELEGRAM_USER_ID.test(to) && BigInt(to) < 2n ** 63n ? to : null),
  any: (to) => (to.length > 0 && to.length <= MAX_ADDRESS_LENGTH ? to : null),
};

/**
 * `to` read as the first of `kinds` it is, trimmed and in that kind's one form: phones in E.164, emails with their
 * domain lowercased, Telegram usernames with their `@`. `InvalidRecipient`, naming what was expected, when it is none.
 */
export function recipientOf(to: string, kinds: readonly RecipientKind[]): Recipient {
  const trimmed = to.trim();
  for (const kind of kinds) {
    const address = NORMALISE[kind](trimmed);
    if (address !== null) return { kind, address };
  }
  throw new InvalidRecipient(to, kinds);
}

function e164(to: string): string | null {
  if (!PHONE_LIKE.test(to)) return null;
  const phone = parsePhoneNumberFromString(to.replace(/^00/, '+'));
  return phone?.isValid() ? phone.number : null;
}

// why: only the domain part is case-insensitive everywhere (RFC 5321 §2.4); a local part may be case-sensitive.
function email(to: string): string | null {
  const at = to.lastIndexOf('@');
  if (at < 1 || to.length > 254) return null;
  const address = `${to.slice(0, at)}@${to.slice(at + 1).toLowerCase()}`;
  return EMAIL.test(address) ? address : null;
}
