import { Api, errors } from 'telegram';
import { DomainError } from '@app/shared-kernel';
import { CodeExpired, CredentialsRefused, InvalidCode, InvalidPassword, ProviderUnavailable } from '../../../domain/messenger.errors';
import { rpcNameOf } from './telegram.errors';

const PHONE_REFUSED = new Set(['PHONE_NUMBER_INVALID', 'PHONE_NUMBER_BANNED', 'PHONE_NUMBER_UNOCCUPIED', 'PHONE_NUMBER_OCCUPIED']);

/**
 * A GramJS failure during a login step as what the user is told: a wrong code or password (422, retry), an expired
 * code (start again), a phone number or account Telegram refuses, or a wait Telegram imposes (flood).
 */
export function classifyLoginError(error: unknown): Error {
  if (error instanceof DomainError || error instanceof ProviderUnavailable) return error;
  const name = rpcNameOf(error);
  if (error instanceof errors.FloodWaitError) return new ProviderUnavailable(`Telegram asks to wait ${error.seconds} s before trying again`, 'FLOOD_WAIT', error.seconds * 1000);
  if (name === 'PHONE_CODE_INVALID' || name === 'PHONE_CODE_EMPTY') return new InvalidCode('the code is not the one Telegram sent');
  if (name === 'PHONE_CODE_EXPIRED') return new CodeExpired('the code expired: ask Telegram for a new one');
  if (name === 'PASSWORD_HASH_INVALID') return new InvalidPassword('the two-step verification password is wrong');
  if (name && PHONE_REFUSED.has(name)) return new CredentialsRefused(`Telegram refused the phone number: ${name}`);
  if (error instanceof errors.RPCError && error.code === 400) return new CredentialsRefused(`Telegram refused the login: ${name}`);
  return new ProviderUnavailable(`Telegram could not be reached: ${name ?? (error instanceof Error ? error.message : String(error))}`, name ?? 'connection');
}

export function isPasswordNeeded(error: unknown): boolean {
  return rpcNameOf(error) === 'SESSION_PASSWORD_NEEDED';
}

/** The account as a session knows it: its phone in E.164 (or its user id when Telegram hides the phone) and its name. */
export function accountOf(authorization: Api.auth.TypeAuthorization): { address: string; displayName?: string } {
  if (!(authorization instanceof Api.auth.Authorization)) {
    throw new CredentialsRefused('no Telegram account uses this phone number: sign up in a Telegram app first');
  }
  const user = authorization.user;
  if (!(user instanceof Api.User)) return { address: String(user.id) };
  const displayName = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username;
  return { address: user.phone ? `+${user.phone}` : String(user.id), ...(displayName && { displayName }) };
}
