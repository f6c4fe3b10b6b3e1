/**
 * One benchmark subject in its own process, so peak RSS belongs to one decoder alone.
 * argv: <beacon|peer> <fixture file> <mode: time|rss> [runs] [warmups]
 * Prints one JSON line: { timesMs, count, firstSubject, firstStartUtc, maxRssKb }.
 */
import { readFileSync } from 'node:fs';

interface Decoded {
  count: number;
  firstSubject: string;
  firstStartUtc: string;
}

// Each subject loads only its own code, so neither pays the other's memory.
async function beaconDecoder(): Promise<(xml: string) => Promise<Decoded>> {
  const [{ decodeFindCalendarItemsResponse }, { readEnvelope }] = await Promise.all([
    import('../../src-main/ews/operations/calendar.js'),
    import('../../src-main/ews/soap/envelope.js'),
  ]);
  return (xml) => {
    const page = decodeFindCalendarItemsResponse(readEnvelope(xml));
    const first = page.items[0];
    return Promise.resolve({
      count: page.items.length,
      firstSubject: first?.subject ?? '',
      firstStartUtc: first?.start.toISOString() ?? '',
    });
  };
}

async function peerDecoder(): Promise<(xml: string) => Promise<Decoded>> {
  return (await import('./peer-ews-javascript-api.js')).peerDecodeFindItemCalendarView;
}

const [subject, file, mode = 'time', runsArg = '5', warmupsArg = '2'] = process.argv.slice(2);
if ((subject !== 'beacon' && subject !== 'peer') || file === undefined) {
  process.stderr.write('usage: decode-worker <beacon|peer> <file> <time|rss> [runs] [warmups]\n');
  process.exit(2);
}
const decode = subject === 'beacon' ? await beaconDecoder() : await peerDecoder();
const xml = readFileSync(file, 'utf8');
const runs = mode === 'rss' ? 1 : Number(runsArg);
const warmups = mode === 'rss' ? 0 : Number(warmupsArg);

for (let i = 0; i < warmups; i++) await decode(xml);
const timesMs: number[] = [];
let last: Decoded | undefined;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  last = await decode(xml);
  timesMs.push(performance.now() - started);
}
process.stdout.write(
  `${JSON.stringify({ timesMs, ...last, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
