import { breakerVerdict } from './breaker-verdict';
import { capacityOf, nextUtcDay, paceOf, quietUntil } from './pace';
import { jitterCostsOf, slotsOf } from './send-slots';

const at = (iso: string) => new Date(iso);

describe('quietUntil', () => {
  const nights = { start: '21:00', end: '08:00', timezone: 'Europe/Paris' };

  it.each([
    ['2026-12-02T20:30:00.000Z', '2026-12-03T07:00:00.000Z'],
    ['2026-12-03T06:59:30.000Z', '2026-12-03T07:00:00.000Z'],
    ['2026-12-02T19:59:59.000Z', '2026-12-02T19:59:59.000Z'],
    ['2026-12-03T07:00:00.000Z', '2026-12-03T07:00:00.000Z'],
  ])('in Paris (UTC+1 in December) quiet from 21:00 to 08:00: at %s, sends from %s', (now, until) => {
    expect(quietUntil(nights, at(now)).toISOString()).toBe(until);
  });

  it('takes hours within one day, and none at all', () => {
    const lunch = { start: '12:00', end: '13:30', timezone: 'UTC' };
    expect(quietUntil(lunch, at('2026-12-02T12:10:00.000Z')).toISOString()).toBe('2026-12-02T13:30:00.000Z');
    expect(quietUntil(lunch, at('2026-12-02T13:30:00.000Z')).toISOString()).toBe('2026-12-02T13:30:00.000Z');
    expect(quietUntil(null, at('2026-12-02T12:10:00.000Z')).toISOString()).toBe('2026-12-02T12:10:00.000Z');
  });
});

describe('the pace of a session', () => {
  it("takes the session's own fields over the messenger's defaults, and no cap or quiet hours by default", () => {
    expect(paceOf({ perMinute: 20, jitterMs: 3_000 }, { perMinute: 5 })).toEqual({ perMinute: 5, jitterMs: 3_000, dailyCap: null, quietHours: null });
    expect(paceOf({ perMinute: 20, jitterMs: 0 }, null)).toEqual({ perMinute: 20, jitterMs: 0, dailyCap: null, quietHours: null });
  });

  it('sends one at a time with jitter, and bursts one second of its rate without', () => {
    expect(capacityOf(paceOf({ perMinute: 600, jitterMs: 50 }, null))).toBe(1);
    expect(capacityOf(paceOf({ perMinute: 600, jitterMs: 0 }, null))).toBe(10);
    expect(capacityOf(paceOf({ perMinute: 20, jitterMs: 0 }, null))).toBe(1);
  });

  it('holds a capped day until the next UTC midnight', () => {
    expect(nextUtcDay(at('2026-12-31T23:59:59.999Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('slots', () => {
  const now = at('2026-12-02T10:00:00.000Z');
  const rate = 60 / 60_000;

  it('puts each granted send where its token is, after the jitter of those before it', () => {
    const jitter = jitterCostsOf(3, 500, rate, () => 1);
    expect(jitter).toEqual([0.5, 1, 1.5]);
    const slots = slotsOf({ available: 1, granted: 3 }, jitter, rate, now).map((slot) => slot.getTime() - now.getTime());
    expect(slots).toEqual([0, 1_500, 3_000]);
  });

  it('starts after the sends already reserved ahead (a bucket in debt)', () => {
    const slots = slotsOf({ available: -2, granted: 2 }, [0, 0], rate, now).map((slot) => slot.getTime() - now.getTime());
    expect(slots).toEqual([3_000, 4_000]);
  });
});

describe('breakerVerdict', () => {
  const opened = at('2026-12-02T10:00:00.000Z');

  it('lets everything through closed, nothing during the cool-down, and one probe after it', () => {
    expect(breakerVerdict({ state: 'closed', failures: 2, openedAt: null, probeAt: null }, opened, 30_000)).toEqual({ kind: 'pass' });
    expect(breakerVerdict({ state: 'open', failures: 5, openedAt: opened, probeAt: null }, at('2026-12-02T10:00:29.000Z'), 30_000)).toEqual({
      kind: 'blocked',
      until: at('2026-12-02T10:00:30.000Z'),
    });
    expect(breakerVerdict({ state: 'open', failures: 5, openedAt: opened, probeAt: null }, at('2026-12-02T10:00:30.000Z'), 30_000)).toEqual({ kind: 'probe' });
    expect(breakerVerdict({ state: 'half_open', failures: 5, openedAt: opened, probeAt: at('2026-12-02T10:00:30.000Z') }, at('2026-12-02T10:00:40.000Z'), 30_000)).toEqual({
      kind: 'blocked',
      until: at('2026-12-02T10:01:00.000Z'),
    });
  });
});
