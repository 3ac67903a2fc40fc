import type { RequestedRange } from '../../application/queries/open-file-content/open-file-content.query';

const SINGLE_RANGE = /^bytes=(?:(\d+)-(\d*)|-(\d+))$/;

/**
 * The one range a `Range` header asks for; null when there is none to honour — no header, another unit,
 * several ranges or a malformed one — in which case the whole file is sent, as RFC 9110 allows.
 */
export function parseRangeHeader(header: string | undefined): RequestedRange | null {
  const match = header === undefined ? null : SINGLE_RANGE.exec(header.trim());
  if (!match) return null;
  const [, start, end, suffix] = match;
  if (suffix !== undefined) return { suffix: Number(suffix) };
  if (end !== '' && Number(end) < Number(start)) return null;
  return { start: Number(start), end: end === '' ? null : Number(end) };
}

/** Whether a conditional header (`If-None-Match`, `If-Range`) names this strong ETag. */
export function namesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
}
