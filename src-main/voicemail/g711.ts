/** ITU-T G.711 A-law and μ-law expansion to linear 16-bit samples (the standard algorithms). */

export function alawToLinear(value: number): number {
  const a = value ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let sample = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if ((a & 0x80) === 0) sample = -sample;
  return sample;
}

export function mulawToLinear(value: number): number {
  const u = ~value & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return (u & 0x80) !== 0 ? -magnitude : magnitude;
}

function table(expand: (v: number) => number): Int16Array {
  const out = new Int16Array(256);
  for (let i = 0; i < 256; i++) out[i] = expand(i);
  return out;
}

export const ALAW_TABLE = table(alawToLinear);
export const MULAW_TABLE = table(mulawToLinear);
