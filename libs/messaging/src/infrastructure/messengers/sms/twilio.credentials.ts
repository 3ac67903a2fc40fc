import { SessionSecrets } from '../../../application/ports/messenger';
import { CredentialField } from '../../../application/ports/messenger-descriptor';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export const TWILIO_CREDENTIAL_FIELDS: readonly CredentialField[] = [
  { name: 'account_sid', type: 'string', required: true, secret: false, description: 'The Twilio account SID (AC followed by 32 hex digits).', example: 'AC00000000000000000000000000000000' },
  { name: 'auth_token', type: 'string', required: true, secret: true, description: "The account's auth token (or an API key's secret, for a compatible provider)." },
  { name: 'from', type: 'string', required: true, secret: false, description: 'The sender: an E.164 number of the account, or a messaging service SID (MG…).', example: '+15005550006' },
];

/** A Twilio account's credentials as a session keeps them. */
export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  /** An E.164 number, or a messaging service SID (`MG…`). */
  from: string;
}

/** The credentials in `secrets`, or a sentence saying what is wrong with them. */
export function readTwilioCredentials(secrets: SessionSecrets): TwilioCredentials | string {
  const { account_sid: accountSid, auth_token: authToken, from } = secrets;
  if (typeof accountSid !== 'string' || !ACCOUNT_SID.test(accountSid)) return 'account_sid must be AC followed by 32 hex digits';
  if (typeof authToken !== 'string' || authToken.trim() === '') return 'auth_token is required';
  if (typeof from !== 'string' || !(E164.test(from) || MESSAGING_SERVICE_SID.test(from))) return 'from must be an E.164 number such as +15005550006 or a messaging service SID (MG followed by 32 hex digits)';
  return { accountSid, authToken, from };
}

export function isMessagingServiceSid(from: string): boolean {
  return MESSAGING_SERVICE_SID.test(from);
}

export function twilioSecrets(credentials: TwilioCredentials): SessionSecrets {
  return { account_sid: credentials.accountSid, auth_token: credentials.authToken, from: credentials.from };
}
