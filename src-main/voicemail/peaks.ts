/**
 * Waveform peaks for the window: at most 200 values 0..1 (3 decimals), each the loudest sample
 * of an equal slice of the audio, scaled so the loudest slice is 1 (a quiet line still shows its
 * shape). Pure.
 */
export const PEAK_COUNT = 200;

export function computePeaks(samples: Float32Array, count = PEAK_COUNT): number[] {
  if (samples.length === 0 || count < 1) return [];
  const buckets = Math.min(count, samples.length);
  const raw = new Array<number>(buckets).fill(0);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * samples.length) / buckets);
    const to = Math.floor(((b + 1) * samples.length) / buckets);
    let peak = 0;
    for (let i = from; i < to; i++) {
      const v = Math.abs(samples[i] ?? 0);
      if (v > peak) peak = v;
    }
    raw[b] = Math.min(1, peak);
  }
  const loudest = Math.max(...raw);
  if (loudest === 0) return raw.map(() => 0);
  return raw.map((v) => Math.round((v / loudest) * 1000) / 1000);
}
