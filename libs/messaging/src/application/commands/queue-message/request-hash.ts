import { createHash } from 'node:crypto';

/** sha256 of the canonical JSON (keys sorted) of what a request asked for: equal bodies, equal hashes. */
export function requestHash(fields: Record<string, string>): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))));
  return createHash('sha256').update(canonical).digest('hex');
}
