/**
 * `npm run bench`: decode of FindItem/CalendarView responses with 100, 1,000 and 10,000 items,
 * Beacon against ews-javascript-api on the same bytes in the same run. Each measurement runs in
 * its own process: timing (median after warm-up) and peak RSS (one decode, nothing else).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCalendarViewResponse } from './fixtures-calendar.js';
import { markdownTable, median } from './stats.js';

interface WorkerResult {
  timesMs: number[];
  count: number;
  firstSubject: string;
  firstStartUtc: string;
  maxRssKb: number;
}

const sizes = [
  { items: 100, runs: 15, warmups: 5 },
  { items: 1_000, runs: 7, warmups: 3 },
  { items: 10_000, runs: 3, warmups: 1 },
];
/** Beacon and the peer take turns this many times, so drift on a shared machine hits both. */
const ROUNDS = 3;

const worker = join(import.meta.dirname, 'decode-worker.ts');

function measure(
  subject: 'beacon' | 'peer',
  file: string,
  mode: 'time' | 'rss',
  runs: number,
  warmups: number,
): WorkerResult {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', worker, subject, file, mode, String(runs), String(warmups)],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as WorkerResult;
}

const dir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));
const rows: string[][] = [];
try {
  for (const { items, runs, warmups } of sizes) {
    const file = join(dir, `calendar-${items}.xml`);
    const xml = makeCalendarViewResponse(items);
    writeFileSync(file, xml);
    const beacon: WorkerResult[] = [];
    const peer: WorkerResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      beacon.push(measure('beacon', file, 'time', runs, warmups));
      peer.push(measure('peer', file, 'time', runs, warmups));
    }
    // Both must have read the same thing, or the comparison means nothing.
    const [reference] = beacon;
    for (const r of [...beacon, ...peer]) {
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
    const beaconRss = measure('beacon', file, 'rss', 1, 0).maxRssKb / 1024;
    const peerRss = measure('peer', file, 'rss', 1, 0).maxRssKb / 1024;
    const beaconMs = median(beacon.flatMap((r) => r.timesMs));
    const peerMs = median(peer.flatMap((r) => r.timesMs));
    rows.push([
      items.toLocaleString('en-US'),
      `${(xml.length / 1024 / 1024).toFixed(2)} MB`,
      `${beaconMs.toFixed(1)} ms`,
      `${peerMs.toFixed(1)} ms`,
      Math.round(items / (beaconMs / 1000)).toLocaleString('en-US'),
      Math.round(items / (peerMs / 1000)).toLocaleString('en-US'),
      `${(peerMs / beaconMs).toFixed(1)}×`,
      `${beaconRss.toFixed(0)} MB`,
      `${peerRss.toFixed(0)} MB`,
      `${((beaconRss / peerRss) * 100).toFixed(0)} %`,
    ]);
    process.stderr.write(`measured ${items} items\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(
  `FindItem/CalendarView decode: median of ${ROUNDS} alternating rounds of runs after warm-up; peak RSS of one decode per process. Node ${process.version}\n\n${markdownTable(
    [
      'items',
      'body',
      'Beacon',
      'ews-javascript-api',
      'Beacon items/s',
      'peer items/s',
      'speed ratio',
      'Beacon peak RSS',
      'peer peak RSS',
      'RSS ratio',
    ],
    rows,
  )}\n`,
);
