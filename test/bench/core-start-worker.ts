/**
 * One start of the core in a fresh process. argv: <dataDir> <fresh|cache>
 * fresh: createCompanion + start → the first Snapshot from a successful refresh (the demo mailbox,
 * i.e. the simulator started in-process on loopback). cache: createCompanion → the cached
 * Snapshot on screen (marked stale). Prints one JSON line of milliseconds.
 */
export {};

const started = performance.now();
const { createCompanion } = await import('../../src-main/core/companion/index.js');
const imported = performance.now();

const [dataDir, mode] = process.argv.slice(2);
if (dataDir === undefined || (mode !== 'fresh' && mode !== 'cache')) {
  process.stderr.write('usage: core-start-worker <dataDir> <fresh|cache>\n');
  process.exit(2);
}

const companion = await createCompanion({
  dataDir,
  timeZone: 'America/Los_Angeles',
  locale: 'en-US',
  openExternal: () => undefined,
});
let state = companion.getSnapshot().connection.state;
if (mode === 'fresh') {
  await new Promise<void>((resolve) => {
    const unsubscribe = companion.subscribe((snapshot) => {
      if (snapshot.connection.state === 'online') {
        state = 'online';
        unsubscribe();
        resolve();
      }
    });
    companion.start();
  });
}
const firstSnapshot = performance.now();
process.stdout.write(
  `${JSON.stringify({ coreMs: firstSnapshot - imported, importMs: imported - started, state, availability: companion.getSnapshot().presence.availability })}\n`,
);
await companion.stop();
