import type { Span } from './types.js';

/** Items that touch, overlap or leave a gap under one minute belong to one run (PRESENCE.md). */
export const RUN_GAP_MS = 60_000;

export function contains(span: Span, t: number): boolean {
  return span.start <= t && t < span.end;
}

/** Sorted, merged runs: spans whose gap is under `gapMs` become one. Empty spans are dropped. */
export function mergeSpans(spans: readonly Span[], gapMs: number): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const runs: Span[] = [];
  for (const s of sorted) {
    const last = runs.at(-1);
    if (last !== undefined && s.start - last.end < gapMs) last.end = Math.max(last.end, s.end);
    else runs.push({ start: s.start, end: s.end });
  }
  return runs;
}

/** The run (merged with the run gap rule) that contains `t`, if any. */
export function runContaining(spans: readonly Span[], t: number): Span | undefined {
  return mergeSpans(spans, RUN_GAP_MS).find((run) => contains(run, t));
}
