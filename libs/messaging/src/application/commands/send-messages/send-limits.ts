/** The send path's bounds, from the messaging settings. */
export abstract class SendLimits {
  /** Provider calls in flight at once for one session (or one sessionless messenger) within a batch. */
  abstract readonly perSession: number;
  /** How long a message may stay `sending` before the sweep takes it for one a crash left there. */
  abstract readonly sendingTimeoutMs: number;
}
