/**
 * `attachment` with the file's name for every client (RFC 6266): `filename` in plain ASCII with anything
 * else replaced, and `filename*` with the exact name in UTF-8, percent-encoded.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
