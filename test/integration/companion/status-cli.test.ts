/** `beacon status` as a user runs it: a child process on the demo mailbox, a temp data folder. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITIES, SnapshotSchema } from '../../../src-main/core/contract.js';
import { expectOneLineError, jsonOf, runAll } from '../cli/support.js';

let dataDir: string;
let brokenDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-status-'));
  brokenDir = await mkdtemp(path.join(tmpdir(), 'beacon-status-noauth-'));
  // An Exchange account with no password in any keychain: the user must sign in.
  await writeFile(
    path.join(brokenDir, 'settings.json'),
    JSON.stringify({
      account: {
        mailbox: 'pat@example.com',
        ewsUrl: 'https://127.0.0.1:9/EWS/Exchange.asmx',
        useAutodiscover: false,
      },
    }),
  );
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await rm(brokenDir, { recursive: true, force: true });
});

describe('beacon status', () => {
  it('prints the demo mailbox presence as JSON and as one line', async () => {
    const [json, line, noAuth] = await runAll(
      [
        ['status', '--json', '--data-dir', dataDir],
        ['status', '--data-dir', dataDir],
        ['status', '--data-dir', brokenDir],
      ],
      3,
    );
    if (json === undefined || line === undefined || noAuth === undefined) throw new Error('runs');

    expect(json.code, json.stderr).toBe(0);
    const out = jsonOf(json) as {
      presence: { availability: string; activityText: string; source: string };
      account: { mode: string; mailbox: string; displayName: string };
      connection: { state: string; lastSuccessAt: string };
    };
    expect(AVAILABILITIES).toContain(out.presence.availability);
    expect(out.presence.source).toBe('automatic');
    expect(out.account).toMatchObject({
      mode: 'demo',
      mailbox: 'alex@beacon.test',
      displayName: 'Alex Wilber',
    });
    expect(out.connection.state).toBe('online');
    expect(Date.parse(out.connection.lastSuccessAt)).toBeGreaterThan(Date.now() - 60_000);

    expect(line.code, line.stderr).toBe(0);
    expect(line.stdout).toMatch(/^\S.* — Alex Wilber \(Demo mailbox\)\n$/);

    // The run left a valid cache behind (no secrets in it).
    const cache = JSON.parse(await readFile(path.join(dataDir, 'snapshot-cache.json'), 'utf8')) as {
      snapshot: unknown;
    };
    expect(SnapshotSchema.safeParse(cache.snapshot).success).toBe(true);
    expect(JSON.stringify(cache)).not.toContain('alex-password');

    // No keychain in that child (no D-Bus session), or none stored: either way, sign in again.
    expectOneLineError(
      noAuth,
      /^beacon: error: auth: (No password is stored for|The password for) pat@example\.com/,
    );
    expect(noAuth.code).toBe(1);
  });
});
