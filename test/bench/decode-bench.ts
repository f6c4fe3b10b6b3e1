/**
 * `npm run bench`: decode of FindItem/CalendarView responses with 100, 1,000 and 10,000 items —
 * Beacon's tree decoder (fast-xml-parser), its streaming decoder (saxes, item by item) and
 * ews-javascript-api on the same bytes in the same run. Each measurement runs in its own
 * process: timing (median after warm-up) and peak RSS (one decode, nothing else). Then the
 * end-to-end time from socket to CalendarItem[] through EwsTransport against a local server,
 * buffered + tree against streamed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeCalendarViewResponse } from './fixtures-calendar.js';
import { markdownTable, median } from './stats.js';

interface WorkerResult {
  timesMs: number[];
  count: number;
  firstSubject: string;
  firstStartUtc: string;
  maxRssKb: number;
}

type Subject = 'tree' | 'stream' | 'peer';
const SUBJECTS: readonly Subject[] = ['tree', 'stream', 'peer'];

const sizes = [
  { items: 100, runs: 15, warmups: 5 },
  { items: 1_000, runs: 7, warmups: 3 },
  { items: 10_000, runs: 3, warmups: 1 },
];
/** The subjects take turns this many times, so drift on a shared machine hits all of them. */
const ROUNDS = 3;

const worker = join(import.meta.dirname, 'decode-worker.ts');
const e2eWorker = join(import.meta.dirname, 'decode-e2e-worker.ts');

const parse = (out: string): WorkerResult =>
  JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as WorkerResult;

function measure(
  subject: Subject,
  file: string,
  mode: 'time' | 'rss',
  runs: number,
  warmups: number,
): WorkerResult {
  return parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', worker, subject, file, mode, String(runs), String(warmups)],
      { encoding: 'utf8', maxBuffer: 1024 * 1024 },
    ),
  );
}

const run = promisify(execFile);
async function measureE2e(
  subject: 'tree' | 'stream',
  url: string,
  runs: number,
  warmups: number,
): Promise<WorkerResult> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', e2eWorker, subject, url, String(runs), String(warmups)],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return parse(stdout);
}

/** Both must have read the same thing, or the comparison means nothing. */
function assertSame(results: readonly WorkerResult[], items: number): void {
  const [reference] = results;
  for (const r of results) {
    if (
      r.count !== items ||
      r.firstSubject !== reference?.firstSubject ||
      r.firstStartUtc !== reference.firstStartUtc
    ) {
      throw new Error(
        `a decoder read ${r.count} items / "${r.firstSubject}" / ${r.firstStartUtc}; expected ${items}`,
      );
    }
  }
}

const perSecond = (items: number, ms: number): string =>
  Math.round(items / (ms / 1000)).toLocaleString('en-US');
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
const decodeRows: string[][] = [];
const e2eRows: string[][] = [];
try {
  for (const { items, runs, warmups } of sizes) {
    const file = join(dir, `calendar-${items}.xml`);
    const xml = makeCalendarViewResponse(items);
    writeFileSync(file, xml);
    const results: Record<Subject, WorkerResult[]> = { tree: [], stream: [], peer: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const subject of SUBJECTS)
        results[subject].push(measure(subject, file, 'time', runs, warmups));
    assertSame(
      SUBJECTS.flatMap((s) => results[s]),
      items,
    );
    const ms = Object.fromEntries(
      SUBJECTS.map((s) => [s, median(results[s].flatMap((r) => r.timesMs))]),
    ) as Record<Subject, number>;
    const rss = Object.fromEntries(
      SUBJECTS.map((s) => [s, measure(s, file, 'rss', 1, 0).maxRssKb]),
    ) as Record<Subject, number>;
    decodeRows.push([
      items.toLocaleString('en-US'),
      `${(Buffer.byteLength(xml) / 1024 / 1024).toFixed(2)} MB`,
      ...SUBJECTS.map((s) => `${ms[s].toFixed(1)} ms`),
      ...SUBJECTS.map((s) => perSecond(items, ms[s])),
      `${(ms.peer / ms.tree).toFixed(1)}×`,
      `${(ms.peer / ms.stream).toFixed(1)}×`,
      ...SUBJECTS.map((s) => mb(rss[s])),
      `${((rss.tree / rss.peer) * 100).toFixed(0)} %`,
      `${((rss.stream / rss.peer) * 100).toFixed(0)} %`,
    ]);
    process.stderr.write(`measured the decoders on ${items} items\n`);

    if (items >= 1_000) e2eRows.push(await endToEnd(xml, items, runs, warmups));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** socket → CalendarItem[]: a local server writes the body in 64 KiB pieces, chunked. */
async function endToEnd(
  xml: string,
  items: number,
  runs: number,
  warmups: number,
): Promise<string[]> {
  const body = Buffer.from(xml, 'utf8');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      for (let at = 0; at < body.length; at += 64 * 1024)
        res.write(body.subarray(at, at + 64 * 1024));
      res.end();
    });
  });
  // A loaded machine can take longer than Node's 5 s between two requests on one connection.
  server.keepAliveTimeout = 600_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
  try {
    const tree: WorkerResult[] = [];
    const stream: WorkerResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      tree.push(await measureE2e('tree', url, runs, warmups));
      stream.push(await measureE2e('stream', url, runs, warmups));
    }
    assertSame([...tree, ...stream], items);
    const treeMs = median(tree.flatMap((r) => r.timesMs));
    const streamMs = median(stream.flatMap((r) => r.timesMs));
    const treeRss = (await measureE2e('tree', url, 1, 0)).maxRssKb;
    const streamRss = (await measureE2e('stream', url, 1, 0)).maxRssKb;
    process.stderr.write(`measured socket → CalendarItem[] on ${items} items\n`);
    return [
      items.toLocaleString('en-US'),
      `${treeMs.toFixed(1)} ms`,
      `${streamMs.toFixed(1)} ms`,
      `${(treeMs / streamMs).toFixed(1)}×`,
      mb(treeRss),
      mb(streamRss),
    ];
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

process.stdout.write(
  `FindItem/CalendarView decode: tree = fast-xml-parser on the whole body, stream = saxes fed 64 KiB chunks, item by item; peer = ews-javascript-api. Median of ${ROUNDS} alternating rounds of runs after warm-up; peak RSS of one decode per process. Node ${process.version}\n\n${markdownTable(
    [
      'items',
      'body',
      'tree',
      'stream',
      'peer',
      'tree items/s',
      'stream items/s',
      'peer items/s',
      'tree vs peer',
      'stream vs peer',
      'tree peak RSS',
      'stream peak RSS',
      'peer peak RSS',
      'tree RSS of peer',
      'stream RSS of peer',
    ],
    decodeRows,
  )}\n\nSocket → CalendarItem[] through EwsTransport against a local server (body written in 64 KiB pieces, chunked): buffered + tree against streamed. Median; peak RSS of one request per process.\n\n${markdownTable(
    ['items', 'buffered + tree', 'streamed', 'speed-up', 'buffered peak RSS', 'streamed peak RSS'],
    e2eRows,
  )}\n`,
);
