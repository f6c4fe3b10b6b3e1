/**
 * `voicemail-audio/<key>[?download=1]` as pure decisions shared by the web shell and the
 * Electron app protocol: which requests it names, and the status, headers and byte span of the
 * answer for a cached file. The shells only open the file and stream the span.
 */
import { contentRange, decideByteRange } from './byte-range.js';

export const VOICEMAIL_AUDIO_PREFIX = '/voicemail-audio/';

/** A key is base64url of a SHA-256 (43 characters, no padding); nothing else reaches the cache. */
const KEY = /^[A-Za-z0-9_-]{43}$/;

export type VoicemailAudioTarget =
  /** Not under `/voicemail-audio/`: some other route answers. */
  | { kind: 'other' }
  | { kind: 'refused'; status: 400 | 404 | 405 }
  | { kind: 'audio'; key: string; variant: 'playable' | 'original' };

/** What `pathname` (raw, as sent) and the query name, for a GET or HEAD. */
export function voicemailAudioTarget(
  method: string,
  pathname: string,
  query: URLSearchParams,
): VoicemailAudioTarget {
  if (!pathname.startsWith(VOICEMAIL_AUDIO_PREFIX)) return { kind: 'other' };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405 };
  const key = pathname.slice(VOICEMAIL_AUDIO_PREFIX.length);
  if (!KEY.test(key)) return { kind: 'refused', status: 404 };
  const names = [...query.keys()];
  if (names.length === 0) return { kind: 'audio', key, variant: 'playable' };
  if (names.length === 1 && names[0] === 'download' && query.get('download') === '1')
    return { kind: 'audio', key, variant: 'original' };
  return { kind: 'refused', status: 400 };
}

/** An audio type as Exchange or the transcoder named it; anything odd is sent as bytes. */
export function safeAudioContentType(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return /^audio\/[a-z0-9][a-z0-9.+-]{0,60}$/.test(trimmed) ? trimmed : 'application/octet-stream';
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` for an untrusted name: the quoted form keeps
 * printable ASCII without quotes, backslashes or path separators; the starred form keeps the rest.
 */
export function attachmentDisposition(fileName: string): string {
  const unsafe = (c: string): boolean =>
    c.charCodeAt(0) < 0x20 ||
    c === '\u007f' ||
    c === '/' ||
    c === '\\' ||
    // A lone surrogate (a pair is one element here) cannot be percent-encoded.
    (c.length === 1 && c >= '\ud800' && c <= '\udfff');
  const cleaned = Array.from(fileName)
    .slice(0, 200)
    .map((c) => (unsafe(c) ? '_' : c))
    .join('')
    .trim();
  const name = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'voicemail' : cleaned;
  const ascii = name.replace(/[^\x20-\x7e]|["%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export interface AudioResponsePlan {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** The inclusive byte span to send; undefined: no body (HEAD, 416, an empty file). */
  span: { start: number; end: number } | undefined;
}

/** The answer for one cached file of `size` bytes (its size now, from the disk). */
export function planAudioResponse(input: {
  method: string;
  range: string | undefined;
  size: number;
  contentType: string;
  fileName: string;
  variant: 'playable' | 'original';
}): AudioResponsePlan {
  const { size } = input;
  const decision = decideByteRange(input.range, size);
  const headers: Record<string, string> = {
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (input.variant === 'original')
    headers['Content-Disposition'] = attachmentDisposition(input.fileName);
  const head = input.method === 'HEAD';
  switch (decision.kind) {
    case 'unsatisfiable':
      return {
        status: 416,
        headers: {
          ...headers,
          'Content-Type': 'text/plain; charset=utf-8',
          'Content-Range': contentRange(decision, size) ?? '',
          'Content-Length': '0',
        },
        span: undefined,
      };
    case 'partial':
      return {
        status: 206,
        headers: {
          ...headers,
          'Content-Type': safeAudioContentType(input.contentType),
          'Content-Range': contentRange(decision, size) ?? '',
          'Content-Length': String(decision.end - decision.start + 1),
        },
        span: head ? undefined : { start: decision.start, end: decision.end },
      };
    case 'full':
      return {
        status: 200,
        headers: {
          ...headers,
          'Content-Type': safeAudioContentType(input.contentType),
          'Content-Length': String(size),
        },
        span: head || size === 0 ? undefined : { start: 0, end: size - 1 },
      };
  }
}
