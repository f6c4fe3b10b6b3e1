/**
 * `beacon voicemail list|save|read|unread|delete` as child processes against the schema-strict
 * simulator over real sockets; what they change is read back through the admin API.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { readClip } from '../../../src-main/sim/audio.js';
import { shortId } from '../../../src-main/cli/commands/voicemail.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { expectOneLineError, jsonOf, runCli, type CliOptions } from './support.js';

const NOW = new Date('2025-06-10T17:07:00Z');
const ALEX = 'alex@beacon.test';
const asAlex = (env: Record<string, string> = {}): CliOptions => ({
  env: { BEACON_PASSWORD: 'alex-password', ...env },
});

let sim: RunningSimulator;
let admin: SimAdmin;
let dir: string;
const server = (): string[] => ['--url', sim.ewsUrl, '--user', ALEX];

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW, seed: 'demo' });
  admin = new SimAdmin(sim);
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-vm-'));
});
afterAll(async () => {
  await admin.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await admin.reset('demo');
});

async function idOf(caller: string): Promise<string> {
  const found = (await admin.voicemail(ALEX)).find((m) => m.from?.name === caller);
  if (found === undefined) throw new Error(`no voicemail from ${caller}`);
  return found.id;
}

interface ListedJson {
  items: { id: string; ref: string; callerName?: string; isRead: boolean }[];
}

describe('beacon voicemail', () => {
  it('list --ids shows a short ID per item; --json carries it as ref with the full id', async () => {
    const megan = await idOf('Megan Bowen');
    const [table, json] = await Promise.all([
      runCli(['voicemail', 'list', '--ids', ...server()], asAlex()),
      runCli(['voicemail', 'list', '--json', ...server()], asAlex()),
    ]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^ID\s+From\s+Received\s+Length$/);
    expect(table.stdout).toContain(`${shortId(megan)}  Megan Bowen`);
    const listed = jsonOf(json) as ListedJson;
    expect(listed.items.find((i) => i.id === megan)?.ref).toBe(shortId(megan));
    expect(listed.items.every((i) => /^[A-Za-z0-9_-]{8}$/.test(i.ref))).toBe(true);
  });

  it('save writes the original bytes under the attachment name, and never overwrites', async () => {
    const megan = await idOf('Megan Bowen');
    const cwd = await mkdtemp(path.join(dir, 'save-'));
    const out = path.join(cwd, 'megan.mp3');
    const saved = await runCli(
      ['voicemail', 'save', shortId(megan), '--out', out, ...server()],
      asAlex(),
    );
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout.trim()).toBe(`Saved ${out} (${readClip('megan').length} bytes).`);
    expect(await readFile(out)).toEqual(readClip('megan'));
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const again = await runCli(['voicemail', 'save', megan, '--out', out, ...server()], asAlex());
    expectOneLineError(again, /already exists/);
    expect(await readFile(out)).toEqual(readClip('megan'));
  });

  it('read and unread change IsRead on the server; Korean words follow LANG', async () => {
    const megan = await idOf('Megan Bowen');
    const read = await runCli(['voicemail', 'read', shortId(megan), ...server()], asAlex());
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout.trim()).toBe('Marked as read.');
    expect((await admin.voicemail(ALEX)).find((m) => m.id === megan)?.isRead).toBe(true);
    const unread = await runCli(
      ['voicemail', 'unread', megan, ...server()],
      asAlex({ LANG: 'ko_KR.UTF-8' }),
    );
    expect(unread.code, unread.stderr).toBe(0);
    expect(unread.stdout.trim()).toBe('읽지 않음으로 표시했습니다.');
    expect((await admin.voicemail(ALEX)).find((m) => m.id === megan)?.isRead).toBe(false);
  });

  it('delete moves the message to Deleted Items', async () => {
    const diego = await idOf('Diego Siciliani');
    const result = await runCli(['voicemail', 'delete', shortId(diego), ...server()], asAlex());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('Moved to Deleted Items.');
    expect((await admin.voicemail(ALEX)).map((m) => m.id)).not.toContain(diego);
    expect((await admin.messages(ALEX)).find((m) => m.id === diego)?.folder).toBe('deleteditems');
  });

  it('an unknown ID is one line and exit 1; a missing ID is usage (exit 2)', async () => {
    const unknown = await runCli(['voicemail', 'read', 'nope1234', ...server()], asAlex());
    expectOneLineError(unknown, /No voicemail with the ID nope1234\./);
    expect(unknown.code).toBe(1);
    const usage = await runCli(['voicemail', 'delete', ...server()], asAlex());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('beacon voicemail save ID [--out FILE]');
  });
});
