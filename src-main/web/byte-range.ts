/**
 * The `Range` request header against a file's size, as one pure decision shared by both shells
 * (RFC 9110 §14): no header, another unit, bad syntax or several ranges → the whole file (200;
 * a server may ignore Range, and a media element never asks for more than one range); one
 * satisfiable range → those bytes (206); one range that starts past the end → 416.
 */

export type ByteRangeDecision =
  | { kind: 'full' }
  /** Inclusive byte positions, as Content-Range writes them. */
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const FULL: ByteRangeDecision = { kind: 'full' };
const UNSATISFIABLE: ByteRangeDecision = { kind: 'unsatisfiable' };

/** Longer than any real header; a longer one is ignored rather than parsed. */
const MAX_HEADER_LENGTH = 200;

function position(digits: string): number | undefined {
  if (!/^\d{1,16}$/.test(digits)) return undefined;
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function decideByteRange(
  header: string | null | undefined,
  size: number,
): ByteRangeDecision {
  if (header === undefined || header === null || header.length > MAX_HEADER_LENGTH) return FULL;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return FULL;
  const specs = (match[1] ?? '').split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return FULL;
  const spec = /^(\d*)\s*-\s*(\d*)$/.exec(specs[0] ?? '');
  if (!spec) return FULL;
  const [, firstText = '', lastText = ''] = spec;
  if (firstText === '') {
    // A suffix: the last N bytes.
    const length = position(lastText);
    if (length === undefined) return FULL;
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const first = position(firstText);
  if (first === undefined) return FULL;
  const last = lastText === '' ? undefined : position(lastText);
  if (lastText !== '' && last === undefined) return FULL;
  if (last !== undefined && last < first) return FULL;
  if (first >= size) return UNSATISFIABLE;
  return { kind: 'partial', start: first, end: Math.min(last ?? size - 1, size - 1) };
}

/** The Content-Range value of a 206 (`bytes 0-99/1234`) or a 416 (`bytes *\/1234`). */
export function contentRange(decision: ByteRangeDecision, size: number): string | undefined {
  switch (decision.kind) {
    case 'partial':
      return `bytes ${decision.start}-${decision.end}/${size}`;
    case 'unsatisfiable':
      return `bytes */${size}`;
    case 'full':
      return undefined;
  }
}
