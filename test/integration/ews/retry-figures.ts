/**
 * Prints the request-rate table for every Retry-After case (`npx tsx test/integration/ews/retry-figures.ts [minutes]`):
 * requests per minute for the first ten minutes, then per ten minutes, and the longest silence.
 */
import {
  MINUTE,
  RETRY_AFTER_CASES,
  ScriptedServer,
  longestSilenceMs,
  measure,
  perMinute,
  perWindow,
} from '../../support/retry-rate.js';

const minutes = Number(process.argv[2] ?? 60);
const server = new ScriptedServer();
await server.start();
console.log(
  `| Server answer | req/min, minutes 1–10 | req per 10 min, over ${minutes} min | longest silence |`,
);
console.log('|---|---|---|---|');
for (const [name, script] of RETRY_AFTER_CASES) {
  const run = await measure(server, script, minutes);
  const first = perMinute(run).slice(0, 10).join(', ');
  const windows = perWindow(run, 10).join(', ');
  const silence = (longestSilenceMs(run) / MINUTE).toFixed(1);
  console.log(`| ${name} | ${first} | ${windows} | ${silence} min |`);
}
await server.stop();
