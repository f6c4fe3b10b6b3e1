import { elementKey, localName, ShapeBuilder } from '../xml/shape.js';
import { XmlByteStream, type XmlEvents } from '../xml/stream.js';
import type { XmlObject } from '../xml/parse.js';
import { envelopeFromTree, type DecodedEnvelope } from './envelope.js';

/** Where FindItem answers keep their items: the first message's RootFolder/Items. */
export const FIND_ITEM_ITEMS = [
  'Envelope',
  'Body',
  'FindItemResponse',
  'ResponseMessages',
  '*',
  'RootFolder',
  'Items',
] as const;

/** Where the many items of a large answer sit, and how to read one. */
export interface StreamedItemsSpec<T> {
  /**
   * Local names from the root down to the element holding the items, e.g.
   * `['Envelope', 'Body', 'FindItemResponse', 'ResponseMessages', '*', 'RootFolder', 'Items']`.
   * At each level only the first element of that name is followed (`*`: the first element of
   * any name), which is the one the tree decoders read with `child()`.
   */
  containerPath: readonly string[];
  /** Local name of the items; other children of the container are skipped. */
  itemName: string;
  /** Decodes one item (1-based `index` among the items), given its tree as `parseXml` builds it. */
  decodeItem(node: XmlObject, index: number): T;
}

export interface StreamedEnvelope<T> {
  /** The envelope without the container's items, as `readEnvelope` would decode it. */
  envelope: DecodedEnvelope;
  /** The decoded items; throws the first item's decode error instead, when one failed. */
  items(): T[];
}

/** Fed with the bytes of an answer as they arrive; never throws before `finish()`. */
export interface EnvelopeStream<R> {
  write(chunk: Uint8Array): void;
  /** The bytes are all there: the decoded result, or the typed error `readEnvelope` + decode would give. */
  finish(): R;
}

/**
 * A decoder the transport feeds with the body of a 200 answer as it arrives, instead of handing
 * a decoder the whole body; one `open()` per attempt.
 */
export interface StreamingDecoder<R> {
  open(): EnvelopeStream<R>;
}

/**
 * Decodes a SOAP answer as its bytes arrive, without the whole body as one string or one tree:
 * everything but the items is built as `parseXml` would build it (the envelope, header, fault
 * and response messages are small), and each item is built alone, decoded and dropped. Errors
 * keep the order of the tree decoders: a malformed or unfinished document first, then what
 * `readEnvelope` finds (a fault), then the caller's checks of the envelope, then the first item
 * that failed.
 */
export function streamEnvelope<T>(spec: StreamedItemsSpec<T>): EnvelopeStream<StreamedEnvelope<T>> {
  const router = new ItemRouter(spec);
  const xml = new XmlByteStream(router);
  let failure: Error | undefined;
  return {
    write(chunk) {
      if (failure !== undefined) return;
      try {
        xml.write(chunk);
      } catch (cause) {
        failure = asError(cause);
      }
    },
    finish() {
      if (failure !== undefined) throw failure;
      xml.end();
      const envelope = envelopeFromTree(router.skeleton.document);
      return { envelope, items: () => router.items() };
    },
  };
}

/** Routes parse events: items to a builder of their own, the rest to the skeleton. */
class ItemRouter<T> implements XmlEvents {
  readonly skeleton = new ShapeBuilder();
  private readonly item = new ShapeBuilder();
  private readonly decoded: T[] = [];
  private itemError: Error | undefined;
  private itemCount = 0;
  /** How many levels of containerPath are open right now (the chain is followed). */
  private hot = 0;
  /** Per level: whether the hot parent already had its first matching child. */
  private readonly taken: boolean[];
  /** Depth (in the skeleton) of the element being skipped, or -1. */
  private skipDepth = -1;
  private skipOpen = 0;
  private inItem = false;

  constructor(private readonly spec: StreamedItemsSpec<T>) {
    this.taken = spec.containerPath.map(() => false);
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    // Every element, skipped ones too: a name parseXml refuses anywhere fails the whole answer.
    const local = elementKey(localName(name));
    if (this.skipDepth !== -1) {
      this.skipOpen++;
      return;
    }
    if (this.inItem) {
      this.item.open(local, attributes);
      return;
    }
    const depth = this.skeleton.depth;
    const path = this.spec.containerPath;
    if (this.hot === path.length && depth === path.length) {
      // A child of the container: an item, or something to pass over.
      if (local === this.spec.itemName && this.itemError === undefined) {
        this.inItem = true;
        this.item.open(local, attributes);
      } else {
        this.skipDepth = depth;
        this.skipOpen = 1;
      }
      return;
    }
    if (this.hot === depth && depth < path.length && !this.taken[depth]) {
      const wanted = path[depth];
      if (wanted === '*' || wanted === local) {
        this.taken[depth] = true;
        this.hot = depth + 1;
        if (depth + 1 < path.length) this.taken[depth + 1] = false;
      }
    }
    this.skeleton.open(local, attributes);
  }

  text(value: string): void {
    if (this.skipDepth !== -1) return;
    if (this.inItem) this.item.text(value);
    else this.skeleton.text(value);
  }

  close(): void {
    if (this.skipDepth !== -1) {
      if (--this.skipOpen === 0) this.skipDepth = -1;
      return;
    }
    if (this.inItem) {
      if (this.item.depth > 1) {
        this.item.close();
        return;
      }
      this.inItem = false;
      const value = this.item.close(false);
      this.itemCount++;
      try {
        this.decoded.push(
          this.spec.decodeItem(typeof value === 'string' ? {} : value, this.itemCount),
        );
      } catch (cause) {
        this.itemError = asError(cause);
      }
      return;
    }
    if (this.hot === this.skeleton.depth) this.hot--;
    this.skeleton.close();
  }

  items(): T[] {
    if (this.itemError !== undefined) throw this.itemError;
    return this.decoded;
  }
}

function asError(cause: unknown): Error {
  return cause instanceof Error ? cause : new Error(String(cause));
}
