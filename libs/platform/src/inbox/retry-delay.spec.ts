import { retryAfterOf } from '@app/shared-kernel';
import { retryDelayMs, scheduledDelayAtLeast } from './retry-delay';

const SCHEDULE = [1_000, 5_000, 30_000];

describe('retryDelayMs', () => {
  it("follows the schedule when the failure asks for no wait, and is spent after its last step", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(SCHEDULE, attempt))).toEqual([1_000, 5_000, 30_000, undefined]);
    expect(retryDelayMs(SCHEDULE, 1, null)).toBe(1_000);
  });

  it("takes the failure's wait instead of the step, shorter or longer, capped at the longest step", () => {
    expect(retryDelayMs(SCHEDULE, 1, 3_000)).toBe(3_000);
    expect(retryDelayMs(SCHEDULE, 3, 2_000)).toBe(2_000);
    expect(retryDelayMs(SCHEDULE, 1, 3_600_000)).toBe(30_000);
  });

  it('dead-letters after the last step even when the failure asks for a wait', () => {
    expect(retryDelayMs(SCHEDULE, 4, 3_000)).toBeUndefined();
  });
});

describe('scheduledDelayAtLeast', () => {
  it('rounds a wait up to the shortest scheduled delay at least as long', () => {
    expect([1, 1_000, 3_000, 5_001, 30_000].map((wait) => scheduledDelayAtLeast([30_000, 1_000, 5_000], wait))).toEqual([1_000, 1_000, 5_000, 30_000, 30_000]);
  });
});

describe('retryAfterOf', () => {
  it("reads any error's positive retryAfterMs, and nothing else", () => {
    expect(retryAfterOf(Object.assign(new Error('429'), { retryAfterMs: 3_000 }))).toBe(3_000);
    for (const error of [new Error('reset'), Object.assign(new Error(), { retryAfterMs: null }), Object.assign(new Error(), { retryAfterMs: -1 }), { retryAfterMs: '5' }, null, 'text']) {
      expect(retryAfterOf(error)).toBeNull();
    }
  });
});
