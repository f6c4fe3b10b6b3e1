/** The Range decision both shells use for voicemail audio, and the pure parts of the route. */
import { describe, expect, it } from 'vitest';
import { contentRange, decideByteRange } from '../../../src-main/web/byte-range.js';
import {
  attachmentDisposition,
  planAudioResponse,
  safeAudioContentType,
  voicemailAudioTarget,
} from '../../../src-main/web/voicemail-audio.js';

const SIZE = 1000;

describe('decideByteRange', () => {
  it.each<[string, string | undefined, ReturnType<typeof decideByteRange>]>([
    ['no header', undefined, { kind: 'full' }],
    ['bytes=0-', 'bytes=0-', { kind: 'partial', start: 0, end: 999 }],
    ['bytes=100-199', 'bytes=100-199', { kind: 'partial', start: 100, end: 199 }],
    ['bytes=-500 (the last 500)', 'bytes=-500', { kind: 'partial', start: 500, end: 999 }],
    ['a suffix longer than the file', 'bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
    [
      'an end past the size is clamped',
      'bytes=900-5000',
      { kind: 'partial', start: 900, end: 999 },
    ],
    ['the last byte', 'bytes=999-999', { kind: 'partial', start: 999, end: 999 }],
    ['spaces around the parts', ' bytes = 10 - 19 ', { kind: 'partial', start: 10, end: 19 }],
    ['the unit in capitals', 'BYTES=1-2', { kind: 'partial', start: 1, end: 2 }],
    ['several ranges → the whole file', 'bytes=0-1,5-9', { kind: 'full' }],
    ['a start at the size', 'bytes=1000-', { kind: 'unsatisfiable' }],
    ['a start beyond the size', 'bytes=5000-6000', { kind: 'unsatisfiable' }],
    ['an empty suffix', 'bytes=-0', { kind: 'unsatisfiable' }],
    ['garbage', 'garbage', { kind: 'full' }],
    ['another unit', 'items=0-5', { kind: 'full' }],
    ['no numbers', 'bytes=-', { kind: 'full' }],
    ['end before start', 'bytes=200-100', { kind: 'full' }],
    ['letters', 'bytes=a-b', { kind: 'full' }],
    ['a negative start', 'bytes=--5', { kind: 'full' }],
    ['beyond safe integers', 'bytes=99999999999999999-', { kind: 'full' }],
    ['an absurdly long header', `bytes=0-1${' '.repeat(500)}`, { kind: 'full' }],
  ])('%s', (_name, header, expected) => {
    expect(decideByteRange(header, SIZE)).toEqual(expected);
  });

  it('finds nothing to send in an empty file', () => {
    expect(decideByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(decideByteRange('bytes=-10', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(decideByteRange(undefined, 0)).toEqual({ kind: 'full' });
  });

  it('writes Content-Range for 206 and 416', () => {
    expect(contentRange({ kind: 'partial', start: 100, end: 199 }, SIZE)).toBe(
      'bytes 100-199/1000',
    );
    expect(contentRange({ kind: 'unsatisfiable' }, SIZE)).toBe('bytes */1000');
    expect(contentRange({ kind: 'full' }, SIZE)).toBeUndefined();
  });
});

describe('voicemailAudioTarget', () => {
  const key = 'A'.repeat(40) + '-_9';
  const q = (s: string): URLSearchParams => new URLSearchParams(s);
  it.each<[string, string, string, string, ReturnType<typeof voicemailAudioTarget>]>([
    ['playable', 'GET', `/voicemail-audio/${key}`, '', { kind: 'audio', key, variant: 'playable' }],
    ['HEAD', 'HEAD', `/voicemail-audio/${key}`, '', { kind: 'audio', key, variant: 'playable' }],
    [
      'download',
      'GET',
      `/voicemail-audio/${key}`,
      'download=1',
      { kind: 'audio', key, variant: 'original' },
    ],
    [
      'download=0',
      'GET',
      `/voicemail-audio/${key}`,
      'download=0',
      { kind: 'refused', status: 400 },
    ],
    ['extra query', 'GET', `/voicemail-audio/${key}`, 'x=1', { kind: 'refused', status: 400 }],
    ['short key', 'GET', '/voicemail-audio/abc', '', { kind: 'refused', status: 404 }],
    ['traversal', 'GET', '/voicemail-audio/../index.html', '', { kind: 'refused', status: 404 }],
    ['encoded', 'GET', `/voicemail-audio/${key.slice(1)}%2F`, '', { kind: 'refused', status: 404 }],
    ['a sub-path', 'GET', `/voicemail-audio/${key}/x`, '', { kind: 'refused', status: 404 }],
    ['POST', 'POST', `/voicemail-audio/${key}`, '', { kind: 'refused', status: 405 }],
    ['elsewhere', 'GET', '/index.html', '', { kind: 'other' }],
    ['the bare prefix', 'GET', '/voicemail-audio', '', { kind: 'other' }],
  ])('%s', (_name, method, path, query, expected) => {
    expect(voicemailAudioTarget(method, path, q(query))).toEqual(expected);
  });
});

describe('response headers', () => {
  it('names audio types as given and anything else as bytes', () => {
    expect(safeAudioContentType('audio/mpeg')).toBe('audio/mpeg');
    expect(safeAudioContentType(' Audio/WAV ')).toBe('audio/wav');
    expect(safeAudioContentType('text/html')).toBe('application/octet-stream');
    expect(safeAudioContentType('audio/x; charset=utf-8')).toBe('application/octet-stream');
  });

  it('quotes an untrusted file name safely', () => {
    expect(attachmentDisposition('VoiceMail-14255550142.wma')).toBe(
      `attachment; filename="VoiceMail-14255550142.wma"; filename*=UTF-8''VoiceMail-14255550142.wma`,
    );
    expect(attachmentDisposition('a"b\\c/d\r\n.mp3')).toBe(
      `attachment; filename="a_b_c_d__.mp3"; filename*=UTF-8''a%22b_c_d__.mp3`,
    );
    expect(attachmentDisposition('음성 메시지.wav')).toBe(
      `attachment; filename="__ ___.wav"; filename*=UTF-8''%EC%9D%8C%EC%84%B1%20%EB%A9%94%EC%8B%9C%EC%A7%80.wav`,
    );
    expect(attachmentDisposition('a\ud800b.wav')).toBe(
      `attachment; filename="a_b.wav"; filename*=UTF-8''a_b.wav`,
    );
    expect(attachmentDisposition('..')).toBe(
      `attachment; filename="voicemail"; filename*=UTF-8''voicemail`,
    );
  });

  it('plans 200, 206, 416 and HEAD', () => {
    const base = {
      size: SIZE,
      contentType: 'audio/wav',
      fileName: 'v.wav',
      variant: 'playable' as const,
    };
    const full = planAudioResponse({ ...base, method: 'GET', range: undefined });
    expect(full.status).toBe(200);
    expect(full.span).toEqual({ start: 0, end: 999 });
    expect(full.headers).toEqual({
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': 'audio/wav',
      'Content-Length': '1000',
    });
    const part = planAudioResponse({ ...base, method: 'GET', range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.span).toEqual({ start: 10, end: 19 });
    expect(part.headers['Content-Range']).toBe('bytes 10-19/1000');
    expect(part.headers['Content-Length']).toBe('10');
    const head = planAudioResponse({ ...base, method: 'HEAD', range: 'bytes=10-19' });
    expect(head.status).toBe(206);
    expect(head.span).toBeUndefined();
    const none = planAudioResponse({ ...base, method: 'GET', range: 'bytes=2000-' });
    expect(none.status).toBe(416);
    expect(none.span).toBeUndefined();
    expect(none.headers['Content-Range']).toBe('bytes */1000');
    const saved = planAudioResponse({
      ...base,
      variant: 'original',
      method: 'GET',
      range: undefined,
    });
    expect(saved.headers['Content-Disposition']).toBe(
      `attachment; filename="v.wav"; filename*=UTF-8''v.wav`,
    );
    expect(full.headers['Content-Disposition']).toBeUndefined();
  });
});
