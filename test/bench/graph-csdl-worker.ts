/**
 * One fresh process: loads the Graph CSDL index once and prints the load time and the memory it
 * holds (heap and RSS after a full GC, minus the same before), as one JSON line.
 */
import { loadCsdlIndex } from '../../src-main/sim/graph/csdl-index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
gc();
const before = process.memoryUsage();
const started = performance.now();
const index = loadCsdlIndex();
const loadMs = performance.now() - started;
gc();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    loadMs,
    parseMs: index.stats.parseMs,
    heapMb: (after.heapUsed - before.heapUsed) / 1e6,
    rssMb: (after.rss - before.rss) / 1e6,
    types: index.types.size,
    operations: [...index.operations.values()].reduce((n, list) => n + list.length, 0),
  }),
);
