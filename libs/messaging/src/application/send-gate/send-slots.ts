import type { BucketGrant } from '../ports/send-buckets';

/**
 * When each granted send's token is there: the k-th (from 0) needs the tokens of those before it, their jitter
 * included, plus its own. `jitterCosts[k]` is the jitter of the first k + 1 sends, in tokens.
 */
export function slotsOf(grant: BucketGrant, jitterCosts: readonly number[], rate: number, at: Date): Date[] {
  return Array.from({ length: grant.granted }, (_, k) => {
    const needed = k + (k > 0 ? jitterCosts[k - 1] : 0) + 1;
    const waitMs = Math.max(0, needed - grant.available) / rate;
    return new Date(at.getTime() + Math.ceil(waitMs));
  });
}

/** Random jitter of `count` sends, each up to `jitterMs`, as running sums of tokens at `rate`. */
export function jitterCostsOf(count: number, jitterMs: number, rate: number, random: () => number = Math.random): number[] {
  let sum = 0;
  return Array.from({ length: count }, () => (sum += jitterMs > 0 ? random() * jitterMs * rate : 0));
}
