import { Readable } from 'node:stream';
import { SaxesParser, SaxesTagPlain } from 'saxes';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * Streams an XML part through a SAX parser, one chunk at a time, with names stripped of their namespace prefix
 * (`x:row` → `row`). After each chunk, `drain` may hand on what the handlers gathered, so a caller can yield it.
 */
export async function* xmlEvents<T>(part: Readable, handlers: XmlHandlers, drain: () => T[]): AsyncGenerator<T> {
  const parser = new SaxesParser();
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open(local(tag.name), tag.attributes as Record<string, string>));
  }
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(local(tag.name)));
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of part) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
    yield* drain();
  }
  parser.write(decoder.decode());
  parser.close();
  yield* drain();
}

/** Runs an XML part through the handlers to its end. */
export async function readXml(part: Readable, handlers: XmlHandlers): Promise<void> {
  for await (const _ of xmlEvents<never>(part, handlers, () => [])) void _;
}

function local(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
