/**
 * Values the streaming parser hands over own their characters: a 20-character text or attribute
 * kept from a 64 KiB piece of a response must not keep the piece alive (V8 cuts substrings of 13
 * characters or more out of their parent without copying). Measured as heap used after a full
 * GC, with the values still referenced.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { XmlByteStream } from '../../../src-main/ews/xml/stream.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The transport hands the parser 64 KiB pieces; V8 keeps strings this size on its heap. */
const PIECE_BYTES = 64 * 1024;
const BLOCKS = 64;

/** Parses 64 blocks of 64 KiB, each with one kept element, and keeps only those values. */
function keptValues(): string[] {
  const kept: string[] = [];
  let inKept = false;
  const stream = new XmlByteStream({
    open: (name, attributes) => {
      inKept = name === 'kept';
      if (attributes.id !== undefined) kept.push(attributes.id);
    },
    text: (value) => {
      if (inKept) kept.push(value);
    },
    close: () => {
      inKept = false;
    },
  });
  const block = (i: number): string =>
    `<kept id="item-id-${String(i).padStart(8, '0')}">Meeting about the numbers</kept>` +
    `<f>${'x'.repeat(PIECE_BYTES - 80)}</f>`;
  const xml = Buffer.from(
    `<r>${Array.from({ length: BLOCKS }, (_, i) => block(i)).join('')}</r>`,
    'utf8',
  );
  for (let at = 0; at < xml.byteLength; at += PIECE_BYTES)
    stream.write(xml.subarray(at, at + PIECE_BYTES));
  stream.end();
  return kept;
}

describe('the streaming XML parser', () => {
  it('hands over texts and attributes that do not hold the piece they came in', () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = keptValues();
    gc();
    const after = process.memoryUsage().heapUsed;
    expect(kept).toHaveLength(2 * BLOCKS);
    expect(kept.slice(0, 2)).toEqual(['item-id-00000000', 'Meeting about the numbers']);
    expect(kept.at(-2)).toBe(`item-id-${String(BLOCKS - 1).padStart(8, '0')}`);
    // Held pieces would be 64 × 64 KiB = 4 MB; the 128 values are a few kilobytes.
    expect(after - before).toBeLessThan(1024 * 1024);
  });
});
