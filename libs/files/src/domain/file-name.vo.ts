export const MAX_FILE_NAME_LENGTH = 255;
const FALLBACK = 'file';

/**
 * The name a client gave its file, made safe to show and to send back in Content-Disposition: only the
 * last path segment, no control or invisible formatting characters (a right-to-left override could fake
 * an extension), NFC, at most 255 characters. It names the file for people; it never locates its bytes.
 */
export class FileName {
  private constructor(readonly value: string) {}

  static of(raw: string | null | undefined): FileName {
    const lastSegment = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
    const visible = lastSegment.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').trim();
    const name = Array.from(visible).slice(0, MAX_FILE_NAME_LENGTH).join('').trim();
    return new FileName(name === '' || /^\.+$/.test(name) ? FALLBACK : name);
  }
}
