import type { PaceDefaults } from '../ports/messenger-descriptor';

/** Hours in which a session sends nothing, as `HH:MM` local times of `timezone` (IANA); `start` after `end` spans midnight. */
export interface QuietHours {
  start: string;
  end: string;
  timezone: string;
}

/** A session's own pace, as its owner set it: each field absent takes the messenger's default. */
export interface PaceOverride {
  perMinute?: number;
  jitterMs?: number;
  dailyCap?: number | null;
  quietHours?: QuietHours | null;
}

/** The pace a session sends at: its own where set, else its messenger's descriptor's. */
export interface Pace {
  perMinute: number;
  /** Up to this many milliseconds, at random, added after each send before the next one. */
  jitterMs: number;
  /** Sends a UTC day; null for none. */
  dailyCap: number | null;
  quietHours: QuietHours | null;
}

export function paceOf(defaults: PaceDefaults, own: PaceOverride | null): Pace {
  return {
    perMinute: own?.perMinute ?? defaults.perMinute,
    jitterMs: own?.jitterMs ?? defaults.jitterMs,
    dailyCap: own?.dailyCap ?? null,
    quietHours: own?.quietHours ?? null,
  };
}

/** Tokens a millisecond. */
export function rateOf(pace: Pace): number {
  return pace.perMinute / 60_000;
}

// why: a user account (jitter) sends one at a time; a provider account may burst one second's worth of its rate.
export function capacityOf(pace: Pace): number {
  return pace.jitterMs > 0 ? 1 : Math.max(1, pace.perMinute / 60);
}

const MINUTES = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(text: string): boolean {
  return MINUTES.test(text);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(clock: string): number {
  const [, hours, minutes] = MINUTES.exec(clock)!;
  return Number(hours) * 60 + Number(minutes);
}

/** When the quiet hours that `at` falls in end; `at` itself when it falls in none. Approximate on a day the clocks change. */
export function quietUntil(quiet: QuietHours | null, at: Date): Date {
  if (!quiet) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return at;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: quiet.timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const now = part('hour') * 60 + part('minute');
  const quietNow = start < end ? now >= start && now < end : now >= start || now < end;
  if (!quietNow) return at;
  const minutesLeft = (end - now + 1_440) % 1_440;
  return new Date(at.getTime() + minutesLeft * 60_000 - part('second') * 1_000 - at.getMilliseconds());
}

/** The first instant of the UTC day after `at`'s. */
export function nextUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** `at`'s UTC day, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
