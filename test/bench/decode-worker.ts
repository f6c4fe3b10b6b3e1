/**
 * One benchmark subject in its own process, so peak RSS belongs to one decoder alone.
 * argv: <tree|stream|peer> <fixture file> <mode: time|rss> [runs] [warmups]
 * - tree: the body as one string → readEnvelope (fast-xml-parser) → decodeFindCalendarItemsResponse
 * - stream: the bytes in 64 KiB chunks → findCalendarItemsStream (saxes, item by item); in rss
 *   mode they come straight from the file, so the whole body is never in memory at once
 * - peer: ews-javascript-api on the body as one string
 * Prints one JSON line: { timesMs, count, firstSubject, firstStartUtc, maxRssKb }.
 */
import { createReadStream, readFileSync } from 'node:fs';

interface Decoded {
  count: number;
  firstSubject: string;
  firstStartUtc: string;
}

type Subject = 'tree' | 'stream' | 'peer';
/** What a socket would hand the transport; the same size the rss mode reads the file in. */
const CHUNK_BYTES = 64 * 1024;

function summary(items: readonly { subject: string; start: Date }[]): Decoded {
  const first = items[0];
  return {
    count: items.length,
    firstSubject: first?.subject ?? '',
    firstStartUtc: first?.start.toISOString() ?? '',
  };
}

// Each subject loads only its own code, so none pays another's memory.
async function treeDecoder(file: string): Promise<() => Promise<Decoded>> {
  const [{ decodeFindCalendarItemsResponse }, { readEnvelope }] = await Promise.all([
    import('../../src-main/ews/operations/calendar.js'),
    import('../../src-main/ews/soap/envelope.js'),
  ]);
  const xml = readFileSync(file, 'utf8');
  return () => Promise.resolve(summary(decodeFindCalendarItemsResponse(readEnvelope(xml)).items));
}

async function streamDecoder(file: string, mode: string): Promise<() => Promise<Decoded>> {
  const { findCalendarItemsStream } = await import('../../src-main/ews/operations/calendar.js');
  if (mode === 'rss') {
    return async () => {
      const stream = findCalendarItemsStream.open();
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }))
        stream.write(chunk as Buffer);
      return summary(stream.finish().items);
    };
  }
  const bytes = readFileSync(file);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    chunks.push(bytes.subarray(at, at + CHUNK_BYTES));
  return () => {
    const stream = findCalendarItemsStream.open();
    for (const chunk of chunks) stream.write(chunk);
    return Promise.resolve(summary(stream.finish().items));
  };
}

async function peerDecoder(file: string): Promise<() => Promise<Decoded>> {
  const { peerDecodeFindItemCalendarView } = await import('./peer-ews-javascript-api.js');
  const xml = readFileSync(file, 'utf8');
  return () => peerDecodeFindItemCalendarView(xml);
}

const [subject, file, mode = 'time', runsArg = '5', warmupsArg = '2'] = process.argv.slice(2);
if (!['tree', 'stream', 'peer'].includes(subject ?? '') || file === undefined) {
  process.stderr.write(
    'usage: decode-worker <tree|stream|peer> <file> <time|rss> [runs] [warmups]\n',
  );
  process.exit(2);
}
const decode =
  (subject as Subject) === 'tree'
    ? await treeDecoder(file)
    : subject === 'stream'
      ? await streamDecoder(file, mode)
      : await peerDecoder(file);
const runs = mode === 'rss' ? 1 : Number(runsArg);
const warmups = mode === 'rss' ? 0 : Number(warmupsArg);

for (let i = 0; i < warmups; i++) await decode();
const timesMs: number[] = [];
let last: Decoded | undefined;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  last = await decode();
  timesMs.push(performance.now() - started);
}
process.stdout.write(
  `${JSON.stringify({ timesMs, ...last, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
