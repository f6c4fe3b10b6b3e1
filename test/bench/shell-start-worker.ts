/**
 * One start of the Electron shell's wiring in a fresh process, on the typed Electron fake (the
 * binary cannot run here): startShell → the tray shows a presence from a successful refresh of the
 * demo mailbox. Prints one JSON line of milliseconds. argv: <dataDir>
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const started = performance.now();
const { startShell } = await import('../../src-main/electron/shell.js');
const { createFakeElectron } = await import('../support/electron-fake.js');
const imported = performance.now();

const dataDir = process.argv[2];
if (dataDir === undefined) {
  process.stderr.write('usage: shell-start-worker <dataDir>\n');
  process.exit(2);
}
const rendererDir = join(dataDir, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Beacon</title>');

const electron = createFakeElectron('linux');
const begin = performance.now();
const shell = await startShell({
  electron: electron.platform,
  dataDir,
  paths: { preload: 'preload.cjs', rendererDir, trayIconsDir: 'assets/tray' },
  timeZone: 'America/Los_Angeles',
  locale: 'en-US',
  log: () => undefined,
  autostartEntry: { filePath: join(dataDir, 'beacon.desktop'), content: '' },
  companion: { secrets: { get: () => Promise.resolve(undefined) } },
});
const trayAt = performance.now();
await new Promise<void>((resolve) => {
  const check = (): void => {
    if (shell.companion.getSnapshot().connection.state === 'online') resolve();
    else setTimeout(check, 1);
  };
  check();
});
const onlineAt = performance.now();
process.stdout.write(
  `${JSON.stringify({
    importMs: imported - started,
    firstTrayMs: trayAt - begin,
    liveTrayMs: onlineAt - begin,
    tooltip: shell.trayView()?.tooltip ?? '',
  })}\n`,
);
await shell.stop();
