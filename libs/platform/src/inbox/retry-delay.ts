/**
 * The wait before the next attempt of a message whose `attempt` (from 1) failed and may be retried, or undefined when
 * the schedule is spent and it is dead-lettered. A wait the failure asked for (`retryAfterMs`) replaces the schedule's
 * step, capped at the schedule's longest step so that a provider cannot park a message for ever.
 */
export function retryDelayMs(scheduleMs: readonly number[], attempt: number, retryAfterMs?: number | null): number | undefined {
  const scheduled = scheduleMs[attempt - 1];
  if (scheduled === undefined || !retryAfterMs) return scheduled;
  return Math.min(retryAfterMs, Math.max(...scheduleMs));
}

/** The shortest of the scheduled delays that is at least `delayMs` (which is at most the longest, see `retryDelayMs`). */
export function scheduledDelayAtLeast(scheduleMs: readonly number[], delayMs: number): number {
  return Math.min(...scheduleMs.filter((step) => step >= delayMs));
}
