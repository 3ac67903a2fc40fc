/** A single range as a request asks for it: from `start` to `end` (inclusive; null: to the end), or the last `suffix` bytes. */
export type RequestedRange = { start: number; end: number | null } | { suffix: number };

/** Bytes `start` to `end` of a file, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The bytes of a file of `size` that `requested` covers (RFC 9110 section 14.1.2), or null when it covers none. */
export function resolveRange(requested: RequestedRange, size: number): ByteRange | null {
  if ('suffix' in requested) return requested.suffix > 0 && size > 0 ? { start: Math.max(0, size - requested.suffix), end: size - 1 } : null;
  if (requested.start >= size) return null;
  return { start: requested.start, end: Math.min(requested.end ?? size - 1, size - 1) };
}
