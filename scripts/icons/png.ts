/**
 * Just enough PNG reading to check renditions: the size from the header, and the pixels of the
 * 8-bit RGBA images resvg writes (so the generator can prove a template holds black and alpha only).
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  const found: Chunk[] = [];
  let at = 8;
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    found.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length; // length, type, data, CRC
  }
  return found;
}

export function isPng(bytes: Buffer): boolean {
  return bytes.subarray(0, 8).equals(SIGNATURE);
}

export function readPngHeader(png: Buffer): PngHeader {
  const header = chunks(png)[0];
  if (header?.type !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  return {
    width: header.data.readUInt32BE(0),
    height: header.data.readUInt32BE(4),
    bitDepth: header.data.readUInt8(8),
    colourType: header.data.readUInt8(9),
    interlaced: header.data.readUInt8(12) !== 0,
  };
}

const RGBA = 6;
const BYTES_PER_PIXEL = 4;

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** The pixels of an 8-bit, non-interlaced RGBA PNG, row by row, 4 bytes a pixel. */
export function decodeRgba(png: Buffer): Buffer {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colourType !== RGBA || header.interlaced) {
    throw new Error('only 8-bit non-interlaced RGBA PNGs are read here');
  }
  const data = Buffer.concat(
    chunks(png)
      .filter((chunk) => chunk.type === 'IDAT')
      .map((chunk) => chunk.data),
  );
  const filtered = inflateSync(data);
  const stride = header.width * BYTES_PER_PIXEL;
  const pixels = Buffer.alloc(stride * header.height);
  for (let row = 0; row < header.height; row++) {
    const filter = filtered.readUInt8(row * (stride + 1));
    const line = filtered.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const out = row * stride;
    for (let i = 0; i < stride; i++) {
      const left = i >= BYTES_PER_PIXEL ? pixels.readUInt8(out + i - BYTES_PER_PIXEL) : 0;
      const up = row > 0 ? pixels.readUInt8(out - stride + i) : 0;
      const upLeft =
        row > 0 && i >= BYTES_PER_PIXEL ? pixels.readUInt8(out - stride + i - BYTES_PER_PIXEL) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels.writeUInt8((line.readUInt8(i) + predictor) & 0xff, out + i);
    }
  }
  return pixels;
}
