import { SessionSecrets } from '../../../application/ports/messenger';
import { CredentialField } from '../../../application/ports/messenger-descriptor';

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
const NAMED = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/;

export const SMTP_CREDENTIAL_FIELDS: readonly CredentialField[] = [
  { name: 'host', type: 'string', required: true, secret: false, description: "The SMTP server's host name.", example: 'smtp.example.com' },
  { name: 'port', type: 'integer', required: false, secret: false, description: 'Its port: 465 with secure, else 587 (STARTTLS) by default.', example: 587 },
  { name: 'secure', type: 'boolean', required: false, secret: false, description: 'TLS from the first byte (usually port 465); false upgrades with STARTTLS.', example: false },
  { name: 'user', type: 'string', required: true, secret: false, description: 'The login.', example: 'no-reply@example.com' },
  { name: 'password', type: 'string', required: true, secret: true, description: 'The password (or an app password).' },
  { name: 'from', type: 'string', required: true, secret: false, description: 'The sender: an address, or `Name <address>`.', example: 'Missive <no-reply@example.com>' },
];

/** An SMTP account as a session keeps it. */
export interface SmtpCredentials {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  /** As given: `address` or `Name <address>`. */
  from: string;
  /** The sender's address alone, lowercased. */
  fromAddress: string;
}

/** The credentials in `secrets`, or a sentence saying what is wrong with them. */
export function readSmtpCredentials(secrets: SessionSecrets): SmtpCredentials | string {
  const { host, port, secure, user, password, from } = secrets;
  if (typeof host !== 'string' || !/^[a-z0-9.-]+$/i.test(host)) return 'host must be a host name such as smtp.example.com';
  if (secure !== undefined && secure !== null && typeof secure !== 'boolean') return 'secure must be true or false';
  const isSecure = secure === true;
  if (port !== undefined && port !== null && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65_535)) return 'port must be a whole number from 1 to 65535';
  if (typeof user !== 'string' || user.trim() === '') return 'user is required';
  if (typeof password !== 'string' || password === '') return 'password is required';
  const fromAddress = typeof from === 'string' ? addressOf(from) : null;
  if (!fromAddress) return 'from must be an email address, or Name <address>';
  return { host, port: (port as number | undefined) ?? (isSecure ? 465 : 587), secure: isSecure, user, password, from: (from as string).trim(), fromAddress };
}

export function smtpSecrets({ host, port, secure, user, password, from }: SmtpCredentials): SessionSecrets {
  return { host, port, secure, user, password, from };
}

function addressOf(from: string): string | null {
  const address = (NAMED.exec(from)?.[2] ?? from).trim();
  return ADDRESS.test(address) ? address.toLowerCase() : null;
}
