import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { DecodeError } from '../errors.js';

/** What a streaming consumer is told, in document order. Names are qualified (`t:Subject`). */
export interface XmlEvents {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  /** Character data: text (entities decoded) or a CDATA section's content. */
  text(value: string): void;
  close(): void;
}

/**
 * V8 cuts a substring of 13 characters or more out of its parent without copying, and the piece
 * keeps the whole parent alive: a subject or an id saxes hands over would hold the 64 KiB piece
 * of the response it came in (measured: 5,000 calendar items kept 299 such pieces, 3.9 MB, for as
 * long as the items lived). A copy owns only its own characters.
 */
const SLICE_MIN_LENGTH = 13;

function detached(value: string): string {
  return value.length < SLICE_MIN_LENGTH ? value : Buffer.from(value, 'utf8').toString('utf8');
}

function detachedAttributes(
  attributes: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  let copy: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(attributes)) {
    if (value.length < SLICE_MIN_LENGTH) continue;
    copy ??= { ...attributes };
    copy[name] = detached(value);
  }
  return copy ?? attributes;
}

/**
 * A strict XML parser fed with bytes as they arrive. UTF-8 is decoded across chunk boundaries
 * (a character split between two chunks is joined, invalid bytes become U+FFFD as with
 * `Buffer.toString`), and saxes enforces well-formedness in full: nesting, names, quoted and
 * unique attributes, defined entities, legal characters, one root, nothing after it. DOCTYPEs are
 * refused, as in `parseXml`. Any failure is a DecodeError; the document must be `end()`ed to
 * know it was complete.
 */
export class XmlByteStream {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: SaxesParser;
  private failure: DecodeError | undefined;

  constructor(events: XmlEvents) {
    // Namespace checking off: elements are matched by local name, as parseXml does.
    this.parser = new SaxesParser({ xmlns: false, position: true });
    this.parser.on('opentag', (tag: SaxesTagPlain) => {
      events.open(tag.name, detachedAttributes(tag.attributes));
    });
    this.parser.on('text', (value) => {
      events.text(detached(value));
    });
    this.parser.on('cdata', (value) => {
      events.text(detached(value));
    });
    this.parser.on('closetag', () => {
      events.close();
    });
    this.parser.on('doctype', () => {
      throw new DecodeError('Malformed XML: declarations (DOCTYPE) are not accepted');
    });
  }

  /** Parses the next bytes. Throws the first failure (and again on every later call). */
  write(chunk: Uint8Array): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** The document ends here: anything left open is a DecodeError. */
  end(): void {
    this.feed(this.decoder.decode());
    if (this.failure !== undefined) throw this.failure;
    try {
      this.parser.close();
    } catch (cause) {
      this.fail(cause);
    }
  }

  private feed(text: string): void {
    if (this.failure !== undefined) throw this.failure;
    if (text === '') return;
    try {
      this.parser.write(text);
    } catch (cause) {
      this.fail(cause);
    }
  }

  private fail(cause: unknown): never {
    this.failure =
      cause instanceof DecodeError
        ? cause
        : new DecodeError(
            `Malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`,
            undefined,
            { cause },
          );
    throw this.failure;
  }
}
