/**
 * `npm run bench`: the simulator's Graph CSDL checker. Loading the index (each in a fresh
 * process: time, heap and RSS it holds), then the time to check each documented body of
 * ../shared/graph-corpus (median over runs, all bodies per run) and a 1,000-event calendarView
 * page, in this process after warm-up.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CsdlSchemaChecker } from '../../src-main/sim/graph/csdl-checker.js';
import { markdownTable, median } from './stats.js';

const LOADS = 3;
const RUNS = 20;
const WARMUPS = 5;

interface LoadResult {
  loadMs: number;
  parseMs: number;
  heapMb: number;
  rssMb: number;
  types: number;
  operations: number;
}

const worker = join(import.meta.dirname, 'graph-csdl-worker.ts');
const loads: LoadResult[] = [];
for (let i = 0; i < LOADS; i++) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', worker], {
    encoding: 'utf8',
  });
  loads.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult);
}
const range = (values: number[], digits = 1): string =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
console.log(`\nGraph CSDL index: ${loads[0]?.types} types, ${loads[0]?.operations} operations`);
console.log(
  markdownTable(
    ['processes', 'load ms (parse ms)', 'heap held MB', 'RSS grown MB'],
    [
      [
        String(LOADS),
        `${range(
          loads.map((l) => l.loadMs),
          0,
        )} (${range(
          loads.map((l) => l.parseMs),
          0,
        )})`,
        range(loads.map((l) => l.heapMb)),
        range(loads.map((l) => l.rssMb)),
      ],
    ],
  ),
);

const corpusDir = resolve(import.meta.dirname, '../../../shared/graph-corpus');
interface Example {
  files: string[];
  schemaType: string | null;
  collection: boolean;
  bodyVsCsdl: { response: unknown };
}
const examples = (
  JSON.parse(readFileSync(join(corpusDir, 'index.json'), 'utf8')) as { examples: Example[] }
).examples;
const bodies = examples.flatMap((e) => {
  const file = e.files.find((f) => f.endsWith('.response.json'));
  if (!file || !e.schemaType || e.bodyVsCsdl.response === null) return [];
  const json: unknown = JSON.parse(readFileSync(join(corpusDir, file), 'utf8'));
  return [{ type: e.schemaType, collection: e.collection, json }];
});

const checker = CsdlSchemaChecker.load();
function time(fn: () => void): number {
  for (let i = 0; i < WARMUPS; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}
const corpusMs = time(() => {
  for (const b of bodies)
    checker.checkType(b.type, b.json, { collection: b.collection, partial: true });
});
const event = (i: number): unknown => ({
  '@odata.etag': `W/"${i}"`,
  id: `AAMk${i}`,
  subject: `Meeting ${i}`,
  bodyPreview: 'Agenda',
  body: { contentType: 'html', content: '<p>Agenda</p>' },
  start: { dateTime: '2026-12-03T09:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-12-03T09:30:00.0000000', timeZone: 'UTC' },
  showAs: 'busy',
  sensitivity: 'normal',
  type: 'singleInstance',
  isAllDay: false,
  isCancelled: false,
  categories: ['Blue category'],
  location: { displayName: 'Room 1', locationType: 'default' },
  organizer: { emailAddress: { name: 'Adele', address: 'adele@contoso.com' } },
  attendees: [
    {
      type: 'required',
      status: { response: 'accepted', time: '2026-12-01T10:00:00Z' },
      emailAddress: { name: 'Alex', address: 'alex@contoso.com' },
    },
  ],
  responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
});
const page = { value: Array.from({ length: 1000 }, (_, i) => event(i)) };
if (!checker.checkType('microsoft.graph.event', page, { collection: true }).valid)
  throw new Error('the bench page must be valid');
const pageMs = time(() => checker.checkType('microsoft.graph.event', page, { collection: true }));
const pageBytes = JSON.stringify(page).length;
console.log(
  markdownTable(
    ['bodies', 'median ms per run', 'per body'],
    [
      [
        `${bodies.length} corpus responses`,
        corpusMs.toFixed(2),
        `${((corpusMs / bodies.length) * 1000).toFixed(0)} µs`,
      ],
      [
        `calendarView page, 1,000 events (${(pageBytes / 1e6).toFixed(1)} MB)`,
        pageMs.toFixed(1),
        `${((pageMs / 1000) * 1000).toFixed(1)} µs per event`,
      ],
    ],
  ),
);
