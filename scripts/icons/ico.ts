/**
 * The Windows .ico container: a directory of frames, each an embedded PNG (Windows Vista and
 * later read PNG frames at every size).
 */
import { isPng, readPngHeader } from './png.js';

const DIRECTORY_SIZE = 6;
const ENTRY_SIZE = 16;
const ICON_TYPE = 1;
const LARGEST_SIDE = 256;

export interface IcoFrame {
  readonly size: number;
  readonly png: Buffer;
}

/** Bytes 0 and 1 of an entry hold the side in pixels, where 0 stands for 256. */
function sideByte(side: number): number {
  if (!Number.isInteger(side) || side < 1 || side > LARGEST_SIDE) {
    throw new Error(`an icon frame is 1 to 256 pixels wide, not ${side}`);
  }
  return side === LARGEST_SIDE ? 0 : side;
}

export function encodeIco(pngs: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(DIRECTORY_SIZE + ENTRY_SIZE * pngs.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(ICON_TYPE, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach((png, index) => {
    const { width, height } = readPngHeader(png);
    const entry = DIRECTORY_SIZE + ENTRY_SIZE * index;
    header.writeUInt8(sideByte(width), entry);
    header.writeUInt8(sideByte(height), entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs]);
}

/** The frames an .ico holds, as its directory declares them; throws when a frame is not a PNG. */
export function readIco(ico: Buffer): IcoFrame[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== ICON_TYPE) {
    throw new Error('not an .ico: bad directory header');
  }
  const frames: IcoFrame[] = [];
  for (let index = 0; index < ico.readUInt16LE(4); index++) {
    const entry = DIRECTORY_SIZE + ENTRY_SIZE * index;
    const side = ico.readUInt8(entry) === 0 ? LARGEST_SIDE : ico.readUInt8(entry);
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    const png = ico.subarray(offset, offset + length);
    if (png.length !== length || !isPng(png)) throw new Error(`.ico frame ${index} is not a PNG`);
    frames.push({ size: side, png });
  }
  return frames;
}
