import { Transform } from 'node:stream';
import { ImportFileRefused } from '../../domain/import-file.errors';

/**
 * A stream that turns a text file's bytes into text: by its byte-order mark when it has one, else by the declared
 * encoding, else as UTF-8 that must be valid — a byte that is not is a refusal asking for the encoding, never mojibake.
 */
export function textDecoding(fileName: string, bom: 'utf-8' | 'utf-16le' | 'utf-16be' | null, declared: string | null | undefined): Transform {
  const label = bom ?? declared ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    throw new ImportFileRefused('unknown_encoding', `Unknown encoding "${String(declared).slice(0, 40)}": use a WHATWG label such as utf-8, utf-16le, windows-1252 or iso-8859-15.`);
  }
  let offset = 0;
  const refuse = (chunkLength: number) =>
    new ImportFileRefused(
      'bad_encoding',
      bom || declared
        ? `${fileName} is not valid ${decoder.encoding} (within bytes ${offset}–${offset + chunkLength}).`
        : `${fileName} is not valid UTF-8 (within bytes ${offset}–${offset + chunkLength}): if it was saved in another encoding, name it in "encoding" (e.g. windows-1252).`,
    );
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text.length ? text : undefined);
      } catch {
        done(refuse(chunk.length));
      }
    },
    flush(done) {
      try {
        const rest = decoder.decode();
        done(null, rest.length ? rest : undefined);
      } catch {
        done(refuse(0));
      }
    },
  });
}
