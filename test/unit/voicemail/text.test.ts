import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { callbackNumber } from '../../../src-main/voicemail/callback-number.js';
import { callUrl } from '../../../src-main/voicemail/callback.js';
import { plainTranscript } from '../../../src-main/voicemail/transcript.js';
import { audioKey } from '../../../src-main/voicemail/key.js';
import { computePeaks } from '../../../src-main/voicemail/peaks.js';
import { alawToLinear, mulawToLinear } from '../../../src-main/voicemail/g711.js';
import { MAX_TRANSCRIPT_LENGTH } from '../../../src-main/core/contract.js';

describe('voicemail transcript', () => {
  it('keeps the words of an HTML preview and none of its markup', () => {
    const html =
      '<html><head><style>p{color:red}</style></head><body><p>Hi&nbsp;Alex,</p><script>alert(1)</script><div>call me at <b>555&#x2d;0142</b> &amp; thanks</div></body></html>';
    expect(plainTranscript(html)).toBe('Hi Alex,\ncall me at 555-0142 & thanks');
  });

  it('leaves plain text as it is, escaped brackets as characters, and caps the length', () => {
    expect(plainTranscript('  Hello,   this is Diego.  ')).toBe('Hello, this is Diego.');
    expect(plainTranscript('a &lt;b&gt; c')).toBe('a <b> c');
    expect(plainTranscript(undefined)).toBe('');
    expect(plainTranscript('x'.repeat(MAX_TRANSCRIPT_LENGTH + 50))).toHaveLength(
      MAX_TRANSCRIPT_LENGTH,
    );
  });

  it('never leaves a tag behind, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const out = plainTranscript(`<p>${s}</p><script>${s}</script>`);
        expect(out).not.toMatch(/<script/i);
        expect(out.length).toBeLessThanOrEqual(MAX_TRANSCRIPT_LENGTH);
      }),
    );
  });
});

describe('call back', () => {
  it('normalises numbers to E.164 with the locale region', () => {
    expect(callbackNumber('+1 425-555-0142', 'en-US')).toBe('+14255550142');
    expect(callbackNumber('02-312-3456', 'ko-KR')).toBe('+8223123456');
    expect(callbackNumber('010-1234-5678', 'ko')).toBe('+821012345678');
    expect(callbackNumber('tel:+82 2 312 3456', 'en-GB')).toBe('+8223123456');
    expect(callbackNumber('Anonymous', 'en-US')).toBeUndefined();
    expect(callbackNumber('12', 'en-US')).toBeUndefined();
  });

  it('opens tel: for a number and sip: for a SIP caller, nothing otherwise', () => {
    expect(callUrl({ callbackNumber: '+14255550142' })).toBe('tel:+14255550142');
    expect(callUrl({ callerNumber: 'sip:kim@example.com' })).toBe('sip:kim@example.com');
    expect(callUrl({ callerNumber: 'sip:kim@example.com?x=<script>' })).toBeUndefined();
    expect(callUrl({ callbackNumber: 'javascript:alert(1)' })).toBeUndefined();
    expect(callUrl({})).toBeUndefined();
  });
});

describe('audio key', () => {
  it('is URL-safe, hides the item id and differs per account', () => {
    const key = audioKey('alex@beacon.test', 'AAMkAD+/item=');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).toBe(audioKey('ALEX@beacon.test', 'AAMkAD+/item='));
    expect(key).not.toBe(audioKey('megan@beacon.test', 'AAMkAD+/item='));
  });
});

describe('peaks', () => {
  it('gives the loudest sample of each slice, scaled to the loudest, to three decimals', () => {
    const samples = new Float32Array(400);
    for (let i = 0; i < 400; i++) samples[i] = i < 200 ? 0.1 : -0.4;
    samples[10] = 0.2;
    const peaks = computePeaks(samples, 4);
    expect(peaks).toEqual([0.5, 0.25, 1, 1]);
    expect(computePeaks(new Float32Array(1000))).toEqual(new Array(200).fill(0));
    expect(computePeaks(new Float32Array(0))).toEqual([]);
    expect(computePeaks(Float32Array.from([0.3, 0.3, 0.3]), 200)).toEqual([1, 1, 1]);
  });
});

describe('G.711', () => {
  it('expands A-law and μ-law as the standard tables do', () => {
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
  });
});
