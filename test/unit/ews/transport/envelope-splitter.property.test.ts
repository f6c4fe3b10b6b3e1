/**
 * The streamed-envelope splitter: however the bytes of a recorded GetStreamingEvents answer are
 * cut into chunks (inside tags, attribute values, comments, the BOM or a multi-byte character),
 * the same envelopes come out, and decode to the same notifications. Over-long messages and
 * junk between messages are typed errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, TransportError } from '../../../../src-main/ews/errors.js';
import { decodeStreamingEnvelope } from '../../../../src-main/ews/operations/notifications-stream.js';
import { EnvelopeSplitter } from '../../../../src-main/ews/transport/envelope-splitter.js';
import { HEALTHY_ENVELOPES, STREAM_ENVELOPES, streamText } from '../streaming-fixture.js';

const BYTES = Buffer.from(streamText(STREAM_ENVELOPES), 'utf8');

/** Cuts `bytes` at the given offsets (sorted, deduplicated). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

function split(chunks: Buffer[], max = 64 * 1024): string[] {
  const splitter = new EnvelopeSplitter(max);
  const out = chunks.flatMap((c) => splitter.push(c));
  splitter.assertHealthy();
  expect(splitter.midDocument).toBe(false);
  return out;
}

describe('EnvelopeSplitter', () => {
  it('returns each envelope of the stream, in order, as the server wrote it', () => {
    expect(split([BYTES])).toEqual(STREAM_ENVELOPES);
  });

  it('returns the same envelopes whatever the chunking (byte by byte too)', () => {
    expect(split([...BYTES].map((b) => Buffer.from([b])))).toEqual(STREAM_ENVELOPES);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (offsets) => {
        expect(split(cut(BYTES, offsets))).toEqual(STREAM_ENVELOPES);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same notifications however a healthy stream is chunked', () => {
    const bytes = Buffer.from(streamText(HEALTHY_ENVELOPES), 'utf8');
    const expected = HEALTHY_ENVELOPES.flatMap((e) => decodeStreamingEnvelope(e));
    expect(expected.map((m) => m.type)).toEqual([
      'connection',
      'notifications',
      'connection',
      'connection',
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (offsets) => {
        const got = split(cut(bytes, offsets)).flatMap((e) => decodeStreamingEnvelope(e));
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a multi-byte character cut in half intact', () => {
    const lost = STREAM_ENVELOPES[STREAM_ENVELOPES.length - 1] ?? '';
    const bytes = Buffer.from(lost, 'utf8');
    const emoji = bytes.indexOf(Buffer.from('🔔', 'utf8'));
    expect(emoji).toBeGreaterThan(0);
    for (let at = emoji; at <= emoji + 4; at++) {
      expect(split([bytes.subarray(0, at), bytes.subarray(at)])).toEqual([lost]);
    }
  });

  it('reads quoted ">" and "/>" inside attribute values as text, and self-closing roots', () => {
    const doc = '<a x="1>2" y=\'/>\'><b q="</a>"/>text</a>';
    expect(split([Buffer.from(`${doc}<c/>\n<d></d>`)])).toEqual([doc, '<c/>', '<d></d>']);
  });

  it('fails a message longer than the cap with too-large, even before it ends', () => {
    const splitter = new EnvelopeSplitter(1000);
    const bytes = Buffer.from(STREAM_ENVELOPES[1] ?? '', 'utf8');
    expect(bytes.length).toBeGreaterThan(1000);
    let error: unknown;
    try {
      for (let i = 0; i < bytes.length; i += 100) splitter.push(bytes.subarray(i, i + 100));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('too-large');
  });

  it('returns the messages before a failure first, then fails', () => {
    const splitter = new EnvelopeSplitter(100);
    expect(splitter.push(Buffer.from(`<a>1</a><b>${'x'.repeat(200)}`))).toEqual(['<a>1</a>']);
    expect(() => {
      splitter.assertHealthy();
    }).toThrow(TransportError);
    expect(() => splitter.push(Buffer.from('</b>'))).toThrow(TransportError);
  });

  it('refuses text between messages and a DOCTYPE', () => {
    const junk = new EnvelopeSplitter(1000);
    expect(junk.push(Buffer.from('<a/>junk<b/>'))).toEqual(['<a/>']);
    expect(() => {
      junk.assertHealthy();
    }).toThrow(DecodeError);
    expect(() => new EnvelopeSplitter(1000).push(Buffer.from(' junk<b/>'))).toThrow(DecodeError);
    expect(() =>
      new EnvelopeSplitter(1000).push(Buffer.from('<!DOCTYPE a [<!ENTITY x "y">]><a/>')),
    ).toThrow(DecodeError);
  });

  it('says when the bytes stop inside a message', () => {
    const splitter = new EnvelopeSplitter(10_000);
    expect(splitter.push(Buffer.from('<a><b>'))).toEqual([]);
    expect(splitter.midDocument).toBe(true);
  });
});
