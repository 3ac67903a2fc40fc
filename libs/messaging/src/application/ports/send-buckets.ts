/** What one reservation asks of a session's bucket. */
export interface BucketRequest {
  /** Tokens a millisecond, and the most the bucket holds. */
  rate: number;
  capacity: number;
  /** Sends a UTC day; null for none. */
  dailyCap: number | null;
  /**
   * Per send asked for, the tokens its jitter costs on top of its own, summed: `jitterCosts[k]` is the jitter of the
   * first k + 1 sends. Its length is the number of sends asked for.
   */
  jitterCosts: readonly number[];
  /** The instant the reservation is made for (now, or the end of quiet hours). */
  at: Date;
}

/** What the bucket granted: `granted` sends (the first ones asked for; the others are over the daily cap). */
export interface BucketGrant {
  /** Tokens the bucket held at `at`, after its refill and before this reservation; negative when sends are reserved ahead. */
  available: number;
  granted: number;
}

/**
 * Every session's token bucket, shared by all dispatcher replicas: a reservation takes its tokens at once, and a
 * bucket may run into debt (sends reserved for later), so that each deferred send knows its own slot.
 */
export abstract class SendBuckets {
  /** Takes the tokens of up to `jitterCosts.length` sends from the session's bucket, atomically; commits on its own. */
  abstract reserve(sessionId: string, request: BucketRequest): Promise<BucketGrant>;
}
