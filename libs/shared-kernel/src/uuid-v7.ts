import { randomUUID } from 'node:crypto';

let lastMs = 0;
let counter = 0;
let timeHex = '';
let timeHexOf = -1;

/**
 * A time-ordered UUID (RFC 9562 version 7): ids sort by creation time, which keeps b-tree inserts local.
 * Within one process they are strictly increasing, even inside one millisecond (a 12-bit counter in
 * `rand_a`, RFC 9562 section 6.2 method 1), so ordering by id is ordering by creation.
 */
export function uuidV7(now: number = Date.now()): string {
  // why: the random bits come from a v4 UUID, which Node draws from entropy it fetches in bulk; `randomBytes` per id was
  // the dispatcher's largest single cost (a CSPRNG call for every outbox row, sandbox call and event).
  const random = randomUUID();
  if (now > lastMs) {
    lastMs = now;
    counter = parseInt(random.slice(0, 3), 16) & 0x07ff;
  } else if (++counter > 0x0fff) {
    lastMs += 1;
    counter = 0;
  }
  if (timeHexOf !== lastMs) {
    const time = lastMs.toString(16).padStart(12, '0');
    timeHex = `${time.slice(0, 8)}-${time.slice(8)}-`;
    timeHexOf = lastMs;
  }
  return `${timeHex}${(0x7000 | counter).toString(16)}${random.slice(18)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
