import { errors } from 'telegram';
import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';

const AUTH_REVOKED = new Set(['AUTH_KEY_UNREGISTERED', 'AUTH_KEY_INVALID', 'AUTH_KEY_PERM_EMPTY', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'USER_DEACTIVATED', 'USER_DEACTIVATED_BAN']);
const RECIPIENT_REFUSED = new Set([
  'PEER_ID_INVALID',
  'USERNAME_NOT_OCCUPIED',
  'USERNAME_INVALID',
  'USER_PRIVACY_RESTRICTED',
  'PHONE_NUMBER_INVALID',
  'PHONE_NOT_OCCUPIED',
  'CHAT_WRITE_FORBIDDEN',
  'USER_IS_BLOCKED',
  'YOU_BLOCKED_USER',
  'INPUT_USER_DEACTIVATED',
  'USER_BANNED_IN_CHANNEL',
  'PRIVACY_PREMIUM_REQUIRED',
  'MESSAGE_TOO_LONG',
  'MESSAGE_EMPTY',
  'MEDIA_INVALID',
  'MEDIA_EMPTY',
  'ENTITY_BOUNDS_INVALID',
]);

/** The RPC error name GramJS carries (`FLOOD_WAIT_30` comes as a `FloodWaitError`), or null for a non-RPC error. */
export function rpcNameOf(error: unknown): string | null {
  if (error instanceof errors.FloodWaitError) return 'FLOOD_WAIT';
  return error instanceof errors.RPCError ? error.errorMessage : null;
}

/**
 * A GramJS failure as one of the port's classified errors: `FLOOD_WAIT_X` (and slow mode) → unavailable for X seconds;
 * a revoked or deactivated account → `SessionAuthRevoked`; a recipient Telegram refuses (unknown, private, blocked) or
 * content it refuses → `MessageRefused` named by the RPC error; server errors, timeouts and dropped connections → unavailable.
 */
export function classifyTelegramError(error: unknown): Error {
  if (error instanceof errors.FloodWaitError || error instanceof errors.SlowModeWaitError) {
    return new ProviderUnavailable(`Telegram asks to wait ${error.seconds} s`, 'FLOOD_WAIT', error.seconds * 1000);
  }
  if (error instanceof MessageRefused || error instanceof SessionAuthRevoked || error instanceof ProviderUnavailable) return error;
  const name = rpcNameOf(error);
  if (name && AUTH_REVOKED.has(name)) return new SessionAuthRevoked(`Telegram no longer accepts this session (${name})`, name);
  if (name && RECIPIENT_REFUSED.has(name)) return new MessageRefused(`Telegram refused the message: ${name}`, name);
  if (error instanceof errors.RPCError && (error.code === 400 || error.code === 403)) return new MessageRefused(`Telegram refused the message: ${name}`, name);
  const text = error instanceof Error ? error.message : String(error);
  return new ProviderUnavailable(`Telegram could not be reached: ${name ?? text}`, name ?? 'connection');
}
