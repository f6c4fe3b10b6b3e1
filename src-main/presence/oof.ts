import type { OofInput, Span } from './types.js';

function ms(d: Date | undefined, missing: number): number {
  const t = d?.getTime();
  return t === undefined || Number.isNaN(t) ? missing : t;
}

/**
 * When automatic replies are active: always for Enabled, [start, end) for Scheduled (a missing
 * bound is open, as Exchange would have no way to end it), never for Disabled.
 */
export function automaticReplyWindow(oof: OofInput | undefined): Span | undefined {
  if (oof === undefined || oof.state === 'Disabled') return undefined;
  if (oof.state === 'Enabled') return { start: -Infinity, end: Infinity };
  return { start: ms(oof.start, -Infinity), end: ms(oof.end, Infinity) };
}
