/**
 * End to end in its own process: FindItem/CalendarView from the socket to CalendarItem[]
 * through EwsTransport against a local server (the bench's), the body buffered and decoded as a
 * tree, or decoded as it arrives.
 * argv: <tree|stream> <EWS url> <runs> <warmups>
 * Prints one JSON line: { timesMs, count, firstSubject, firstStartUtc, maxRssKb }.
 */
import { BasicAuth } from '../../src-main/ews/auth.js';
import {
  decodeFindCalendarItemsResponse,
  findCalendarItemsStream,
  type CalendarPage,
} from '../../src-main/ews/operations/calendar.js';
import { EwsTransport } from '../../src-main/ews/transport/ews-transport.js';

const [subject, url, runsArg = '3', warmupsArg = '1'] = process.argv.slice(2);
if ((subject !== 'tree' && subject !== 'stream') || url === undefined) {
  process.stderr.write('usage: decode-e2e-worker <tree|stream> <url> [runs] [warmups]\n');
  process.exit(2);
}
const transport = new EwsTransport({
  url,
  auth: new BasicAuth('bench@beacon.test', 'bench'),
  maxAttempts: 1,
  timeoutMs: 120_000,
});
const fetchPage = (): Promise<CalendarPage> =>
  subject === 'tree'
    ? transport.send('FindItem', '<bench/>', decodeFindCalendarItemsResponse)
    : transport.send('FindItem', '<bench/>', findCalendarItemsStream);

for (let i = 0; i < Number(warmupsArg); i++) await fetchPage();
const timesMs: number[] = [];
let page: CalendarPage | undefined;
for (let i = 0; i < Number(runsArg); i++) {
  const started = performance.now();
  page = await fetchPage();
  timesMs.push(performance.now() - started);
}
await transport.close();
const first = page?.items[0];
process.stdout.write(
  `${JSON.stringify({
    timesMs,
    count: page?.items.length ?? 0,
    firstSubject: first?.subject ?? '',
    firstStartUtc: first?.start.toISOString() ?? '',
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
