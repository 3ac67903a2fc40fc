/**
 * An error that says how long to wait before trying again (an HTTP `Retry-After`, Telegram's `FLOOD_WAIT_X`): the
 * transports take that wait for the next attempt instead of their fixed schedule. Duck-typed, so any error may say it.
 */
export interface RetryAfter {
  readonly retryAfterMs: number | null;
}

/** The wait, in milliseconds, that an error asks for; null when it asks for none. */
export function retryAfterOf(error: unknown): number | null {
  const wait = (error as Partial<RetryAfter> | null)?.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? wait : null;
}
