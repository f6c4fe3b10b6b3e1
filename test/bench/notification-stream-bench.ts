/**
 * The notification stream's reading cost, without a network: a recorded GetStreamingEvents
 * answer (OK, a batch of four events, a heartbeat, Closed) repeated 2,000 times, cut into
 * chunks of several sizes, split into envelopes and decoded; and one large envelope (3.4 MB)
 * split from small and large chunks, which shows the splitter's buffer grows without copying
 * everything it holds for each chunk. Median of 5 runs each.
 */
import { decodeStreamingEnvelope } from '../../src-main/ews/operations/notifications-stream.js';
import { EnvelopeSplitter } from '../../src-main/ews/transport/envelope-splitter.js';
import { HEALTHY_ENVELOPES, streamText } from '../unit/ews/streaming-fixture.js';
import { markdownTable, median } from './stats.js';

const RUNS = 5;

function timed(run: () => number): { ms: number; count: number } {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    count = run();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), count };
}

function feed(bytes: Buffer, chunk: number, decode: boolean, cap: number): number {
  const splitter = new EnvelopeSplitter(cap);
  let count = 0;
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const document of splitter.push(bytes.subarray(i, i + chunk))) {
      count += decode ? decodeStreamingEnvelope(document).length : 1;
    }
  }
  return count;
}

const stream = Buffer.concat(
  Array.from({ length: 2_000 }, () => Buffer.from(streamText(HEALTHY_ENVELOPES), 'utf8')),
);
const rows: string[][] = [];
for (const chunk of [16, 1_400, 16_384]) {
  const { ms, count } = timed(() => feed(stream, chunk, true, 4 << 20));
  rows.push([
    `${(stream.length / 1e6).toFixed(1)} MB stream, ${chunk} B chunks, split + decode`,
    `${count} messages`,
    ms.toFixed(0),
    `${Math.round((8_000 / ms) * 1000)} envelopes/s`,
  ]);
}
const large = Buffer.from(`<e>${'<t:X a="1">hello 구독 🔔</t:X>'.repeat(100_000)}</e>`, 'utf8');
for (const chunk of [1_024, 16_384]) {
  const { ms } = timed(() => feed(large, chunk, false, 8 << 20));
  rows.push([
    `one ${(large.length / 1e6).toFixed(1)} MB envelope, ${chunk} B chunks, split only`,
    '1 envelope',
    ms.toFixed(0),
    `${((large.length / 1e6 / ms) * 1000).toFixed(0)} MB/s`,
  ]);
}
console.log('\n## Notification stream: split and decode (median of 5)\n');
console.log(markdownTable(['input', 'out', 'ms', 'rate'], rows));
