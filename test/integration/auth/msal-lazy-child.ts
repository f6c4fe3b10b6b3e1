/**
 * For msal-lazy.test.ts, in a process of its own with every module it resolves recorded
 * (record-imports.mjs): the companion starts, signs in to the simulator with a password and goes
 * online, then an OAuth session is opened as an OAuth sign-in would. Prints one JSON line: whether
 * MSAL had been loaded after the password sign-in, and after the OAuth session.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'beacon-msal-lazy-'));
const log = join(dir, 'imports.log');
register(new URL('./record-imports.mjs', import.meta.url), { data: { log } });
const msalLoaded = (): boolean => {
  try {
    return readFileSync(log, 'utf8').includes('/@azure/msal-node/');
  } catch {
    return false;
  }
};

const { createCompanion } = await import('../../../src-main/core/companion/index.js');
const { startSimulator } = await import('../../../src-main/sim/index.js');
const { openOAuthSession } = await import('../../../src-main/auth/oauth/open-session.js');
const { resolveOAuthConfig } = await import('../../../src-main/auth/oauth/config.js');

const sim = await startSimulator({ strict: false });
const companion = await createCompanion({
  dataDir: dir,
  timeZone: 'UTC',
  locale: 'en-GB',
  openExternal: () => undefined,
  startDemoMailbox: () =>
    Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
});
companion.start();
await companion.whenIdle();
const signedIn = await companion.execute({
  type: 'sign-in',
  mailbox: 'alex@beacon.test',
  password: 'alex-password',
  ewsUrl: sim.ewsUrl,
});
const deadline = Date.now() + 30_000;
while (companion.getSnapshot().connection.state !== 'online' && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 20));
await companion.whenIdle();
const online = companion.getSnapshot().connection.state === 'online';
const afterPassword = msalLoaded();

const session = await openOAuthSession({
  config: resolveOAuthConfig(undefined),
  mailbox: 'alex@beacon.test',
  openExternal: () => undefined,
});
await session.close();
const afterOAuth = msalLoaded();

await companion.stop();
await sim.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ signedIn: signedIn.ok, online, afterPassword, afterOAuth })}\n`,
);
