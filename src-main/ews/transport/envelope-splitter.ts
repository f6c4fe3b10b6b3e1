/**
 * Cuts a byte stream that carries one XML document after another (GetStreamingEvents sends a
 * SOAP envelope per notification batch and heartbeat) into whole documents. Chunks may end
 * anywhere — inside a tag, an attribute value, a comment or a multi-byte character — so the
 * scan runs on bytes (every byte of markup is ASCII and never part of a UTF-8 sequence) and
 * text is decoded only once a document is complete. A document is one root element with
 * everything nested in it; what lies between documents must be whitespace, an XML declaration,
 * a comment or a byte-order mark.
 */
import { DecodeError, TransportError } from '../errors.js';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOT = 0x22;
const APOS = 0x27;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class EnvelopeSplitter {
  /** Pending bytes live in `store[0, length)`; the store grows by doubling (no copy per chunk). */
  private store: Buffer = Buffer.alloc(0);
  private length = 0;
  /** Next byte to look at. */
  private pos = 0;
  /** Where the current document's root element starts, or -1 between documents. */
  private start = -1;
  private depth = 0;

  /** @param maxDocumentBytes the largest document accepted; a longer one is TransportError too-large. */
  constructor(readonly maxDocumentBytes: number) {}

  /**
   * Adds bytes; returns the documents they complete, in order, as text. A failure (a message
   * over the cap, junk between messages) is thrown at once when no document came before it in
   * these bytes; otherwise those documents are returned first and `assertHealthy` (or the next
   * push) throws it, so nothing complete is lost.
   */
  push(chunk: Uint8Array): string[] {
    this.assertHealthy();
    const out: string[] = [];
    try {
      this.scan(chunk, out);
    } catch (error) {
      if (out.length === 0 || !(error instanceof Error)) throw error;
      this.failure = error;
    }
    return out;
  }

  /** Throws the failure held back by `push`, if there is one. */
  assertHealthy(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private failure: Error | undefined;

  private scan(chunk: Uint8Array, out: string[]): void {
    this.append(chunk);
    for (;;) {
      const step = this.step();
      if (step === 'more') break;
      if (step !== 'continue') out.push(step.document);
    }
    // Bytes before the current document (or all of them, between documents) are done with.
    const keepFrom = this.start >= 0 ? this.start : this.pos;
    if (keepFrom > 0) {
      this.store.copyWithin(0, keepFrom, this.length);
      this.length -= keepFrom;
      this.pos -= keepFrom;
      if (this.start >= 0) this.start = 0;
    }
    const pending = this.start >= 0 ? this.buffer.length : this.buffer.length - this.pos;
    if (pending > this.maxDocumentBytes)
      throw new TransportError(
        'too-large',
        `A streamed message exceeds the ${this.maxDocumentBytes}-byte limit`,
      );
  }

  private get buffer(): Buffer {
    return this.store.subarray(0, this.length);
  }

  private append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.store.length * 2, 4096));
      this.store.copy(grown, 0, 0, this.length);
      this.store = grown;
    }
    this.store.set(chunk, this.length);
    this.length = needed;
  }

  /** Whether bytes of an unfinished document are waiting (the stream ended mid-message if so). */
  get midDocument(): boolean {
    return this.start >= 0 || this.buffer.length - this.pos > 0;
  }

  /** One token from `pos`: 'more' when it is not complete yet. */
  private step(): 'more' | 'continue' | { document: string } {
    const b = this.buffer;
    if (this.pos >= b.length) return 'more';
    const byte = b[this.pos] as number;
    if (byte !== LT) {
      if (this.start >= 0) {
        // Text inside the document: skip to the next tag.
        const next = b.indexOf(LT, this.pos);
        this.pos = next < 0 ? b.length : next;
        return next < 0 ? 'more' : 'continue';
      }
      return this.skipBetween();
    }
    if (this.pos + 1 >= b.length) return 'more';
    const second = b[this.pos + 1] as number;
    if (second === QUESTION) return this.skipTo('?>', 2);
    if (second === BANG) {
      const head = b.subarray(this.pos, Math.min(b.length, this.pos + 9)).toString('latin1');
      if (head.startsWith('<!--')) return this.skipTo('-->', 4);
      if (head.startsWith('<![CDATA[')) {
        if (this.start < 0) throw new DecodeError('CDATA outside a streamed message');
        return this.skipTo(']]>', 9);
      }
      // Too few bytes yet to tell a comment from CDATA.
      if ('<!--'.startsWith(head) || '<![CDATA['.startsWith(head)) return 'more';
      throw new DecodeError('A streamed message carries a DOCTYPE or declaration');
    }
    const end = this.tagEnd(this.pos + 1);
    if (end < 0) return 'more';
    if (second === SLASH) {
      if (this.start < 0) throw new DecodeError('An end tag outside any streamed message');
      this.pos = end + 1;
      this.depth--;
      if (this.depth === 0) {
        const document = b.subarray(this.start, this.pos).toString('utf8');
        this.start = -1;
        return { document };
      }
      return 'continue';
    }
    const selfClosing = b[end - 1] === SLASH;
    if (this.start < 0) {
      this.start = this.pos;
      this.depth = 0;
    }
    this.pos = end + 1;
    if (selfClosing) {
      if (this.depth === 0) {
        const document = b.subarray(this.start, this.pos).toString('utf8');
        this.start = -1;
        return { document };
      }
      return 'continue';
    }
    this.depth++;
    return 'continue';
  }

  /** Between documents only whitespace and a byte-order mark may appear. */
  private skipBetween(): 'more' | 'continue' {
    const b = this.buffer;
    const byte = b[this.pos] as number;
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) {
      this.pos++;
      return 'continue';
    }
    if (byte === (BOM[0] as number)) {
      if (b.length - this.pos < 3) return 'more';
      if (b.subarray(this.pos, this.pos + 3).equals(BOM)) {
        this.pos += 3;
        return 'continue';
      }
    }
    throw new DecodeError('Unexpected text between streamed messages');
  }

  private skipTo(terminator: string, skip: number): 'more' | 'continue' {
    const found = this.buffer.indexOf(terminator, this.pos + skip, 'latin1');
    if (found < 0) return 'more';
    this.pos = found + terminator.length;
    return 'continue';
  }

  /** Index of the `>` closing the tag that starts before `from`, minding quoted values; -1 if not here yet. */
  private tagEnd(from: number): number {
    const b = this.buffer;
    let quote = 0;
    for (let i = from; i < b.length; i++) {
      const c = b[i] as number;
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === QUOT || c === APOS) {
        quote = c;
      } else if (c === GT) {
        return i;
      } else if (c === LT) {
        throw new DecodeError('A streamed message has a broken tag');
      }
    }
    return -1;
  }
}
