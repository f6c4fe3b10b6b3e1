/**
 * The CLI's server commands over Microsoft Graph, as child processes against the simulator's
 * Graph face with the CSDL check on (an answer that fails it is a 500 the CLI would report), and
 * the same commands over EWS against the same seed: the values from the seed, what they change
 * seen through the admin API, the same human output on both protocols, the protocol the window's
 * saved account decides, and the failures a user meets (a password with Graph, a refused token,
 * Graph unreachable) as one line in their words.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readClip } from '../../../src-main/sim/audio.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { shortId } from '../../../src-main/cli/commands/voicemail.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { startGraphSimulator, tokenOf } from '../sim/graph/support.js';
import {
  expectInstantsUtc,
  expectOneLineError,
  jsonOf,
  runAll,
  runCli,
  type CliOptions,
  type CliResult,
} from './support.js';

const ALEX = 'alex@beacon.test';
const PASSWORD = 'alex-password';
/** Alex's local day (Pacific daylight time) around the simulator's fixed now. */
const DAY = ['--from', '2025-06-10T00:00:00-07:00', '--to', '2025-06-11T07:00:00Z'];
const LA = ['--time-zone', 'America/Los_Angeles'];

let sim: RunningSimulator;
let admin: SimAdmin;
let dir: string;

beforeAll(async () => {
  sim = await startGraphSimulator({ seed: 'demo' });
  admin = new SimAdmin(sim);
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-graph-'));
});
afterAll(async () => {
  await admin.close();
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await admin.reset('demo');
  await admin.clearRequests();
});

/** Over Graph: the protocol and Graph's root by flag, Alex's static bearer token. */
const overGraph = (
  args: readonly string[],
  env: Record<string, string> = {},
): { args: string[]; options: CliOptions } => ({
  args: [...args, '--protocol', 'graph', '--graph-url', sim.graphUrl, '--user', ALEX],
  options: { env: { BEACON_TOKEN: tokenOf(sim, ALEX), ...env } },
});
/** Over EWS: the simulator's EWS face with Alex's password. */
const overEws = (
  args: readonly string[],
  env: Record<string, string> = {},
): { args: string[]; options: CliOptions } => ({
  args: [...args, '--protocol', 'ews', '--url', sim.ewsUrl, '--user', ALEX],
  options: { env: { BEACON_PASSWORD: PASSWORD, ...env } },
});
const run = (job: { args: string[]; options: CliOptions }): Promise<CliResult> =>
  runCli(job.args, job.options);

/** A result runAll returned (it returns one per job). */
function got(result: CliResult | undefined): CliResult {
  if (result === undefined) throw new Error('no result');
  return result;
}

function succeeded(result: CliResult, name = ''): string {
  expect(result.stderr, name).toBe('');
  expect(result.code, name).toBe(0);
  return result.stdout;
}
function json(result: CliResult, name = ''): unknown {
  succeeded(result, name);
  const value = jsonOf(result);
  expectInstantsUtc(value);
  return value;
}

/** The simulator's own server errors (a CSDL failure is one), and which faces were asked. */
async function serverLog(): Promise<{ errors: string[]; graph: number; ews: number }> {
  const requests = await admin.requests();
  return {
    errors: requests
      .filter((r) => r.status >= 500 && r.fault === undefined)
      .map((r) => `${r.operation} ${String(r.status)}`),
    graph: requests.filter((r) => r.operation.startsWith('Graph ')).length,
    ews: requests.filter((r) => !r.operation.startsWith('Graph ')).length,
  };
}

interface Oof {
  state: string;
  externalAudience: string;
  internalReply: { message: string };
  externalReply: { message: string };
  duration?: { start: string; end: string };
  allowExternalOof?: string;
}

describe('beacon oof over Graph', () => {
  it('get: the seeded settings, the same as over EWS where Graph carries the field', async () => {
    const [graph, ews] = await runAll([overGraph(['oof', 'get']), overEws(['oof', 'get'])], 2);
    const fromGraph = json(got(graph), 'graph') as Oof;
    expect(fromGraph).toMatchObject({
      state: 'Scheduled',
      externalAudience: 'All',
      internalReply: {
        message: "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
      },
      externalReply: {
        message: '<html><body>I am out of the office and will reply when I am back.</body></html>',
      },
      duration: { start: '2025-06-16T07:00:00.000Z', end: '2025-06-21T07:00:00.000Z' },
    });
    // Graph has no AllowExternalOof (nor reply languages): everything else is the same.
    const fromEws = json(got(ews), 'ews') as Oof & Record<string, unknown>;
    expect(fromGraph.allowExternalOof).toBeUndefined();
    expect(fromEws.allowExternalOof).toBe('All');
    const comparable = (oof: Oof): unknown => ({
      state: oof.state,
      externalAudience: oof.externalAudience,
      internal: oof.internalReply.message,
      external: oof.externalReply.message,
      duration: oof.duration,
    });
    expect(comparable(fromGraph)).toEqual(comparable(fromEws));
    const log = await serverLog();
    expect(log.errors).toEqual([]);
    expect(log.graph).toBeGreaterThan(0);
  });

  it('set: the named fields change on the server, the others stay', async () => {
    const set = await run(
      overGraph([
        'oof',
        'set',
        '--state',
        'scheduled',
        '--start',
        '2025-07-01T08:00:00+02:00',
        '--end',
        '2025-07-04T17:30:00Z',
        '--audience',
        'known',
        '--internal',
        '<p>Away &amp; back</p>',
      ]),
    );
    const printed = json(set) as Oof;
    expect(printed.state).toBe('Scheduled');
    expect(printed.externalAudience).toBe('Known');
    expect(printed.duration).toEqual({
      start: '2025-07-01T06:00:00.000Z',
      end: '2025-07-04T17:30:00.000Z',
    });
    const server = await admin.oof(ALEX);
    expect(server).toMatchObject({
      state: 'Scheduled',
      externalAudience: 'Known',
      start: '2025-07-01T06:00:00Z',
      end: '2025-07-04T17:30:00Z',
      internalReply: '<p>Away &amp; back</p>',
      externalReply:
        '<html><body>I am out of the office and will reply when I am back.</body></html>',
    });
    expect((await serverLog()).errors).toEqual([]);
  });
});

interface Calendar {
  items: { id: string; subject: string; start: string; end: string; isAllDay: boolean }[];
}

describe('beacon calendar and availability over Graph', () => {
  it('calendar: the seeded day with its subjects and times; JSON and table as over EWS', async () => {
    const [graphJson, ewsJson, graphTable, ewsTable] = await runAll(
      [
        overGraph(['calendar', ...DAY, '--json']),
        overEws(['calendar', ...DAY, '--json']),
        overGraph(['calendar', ...DAY, ...LA]),
        overEws(['calendar', ...DAY, ...LA]),
      ],
      2,
    );
    const { items } = json(got(graphJson), 'graph') as Calendar;
    expect(items.map((i) => [i.subject, i.start, i.end])).toEqual([
      ['Release day', '2025-06-10T07:00:00.000Z', '2025-06-11T07:00:00.000Z'],
      ['Budget sync', '2025-06-10T14:00:00.000Z', '2025-06-10T15:00:00.000Z'],
      ['Daily stand-up', '2025-06-10T16:30:00.000Z', '2025-06-10T16:45:00.000Z'],
      ['Design review', '2025-06-10T16:45:00.000Z', '2025-06-10T17:45:00.000Z'],
      ['Architecture brown-bag', '2025-06-10T18:00:00.000Z', '2025-06-10T18:30:00.000Z'],
      ['Customer call: Contoso', '2025-06-10T19:00:00.000Z', '2025-06-10T20:00:00.000Z'],
      ['1:1 Alex / Megan', '2025-06-10T21:00:00.000Z', '2025-06-10T21:30:00.000Z'],
      ['Dentist', '2025-06-10T21:00:00.000Z', '2025-06-10T22:00:00.000Z'],
      ['Vendor demo', '2025-06-10T23:00:00.000Z', '2025-06-11T00:00:00.000Z'],
    ]);
    expect(items.find((i) => i.subject === 'Release day')?.isAllDay).toBe(true);
    const ews = json(got(ewsJson), 'ews') as Calendar;
    const facts = (c: Calendar): unknown =>
      c.items.map((i) => [i.subject, i.start, i.end, i.isAllDay]);
    expect(facts(ews)).toEqual(facts({ items }));
    // What a person reads is the same, word for word.
    const table = succeeded(got(graphTable), 'graph table');
    expect(table).toContain('Budget sync');
    expect(table).toBe(succeeded(got(ewsTable), 'ews table'));
    expect((await serverLog()).errors).toEqual([]);
  });

  it("availability: a colleague's free/busy, a refused one as its code; the same table as EWS", async () => {
    const who = ['--mailbox', 'megan@beacon.test', '--mailbox', 'lee@beacon.test'];
    const [graphJson, graphTable, ewsTable] = await runAll(
      [
        overGraph(['availability', ...who, ...DAY, ...LA, '--json']),
        overGraph(['availability', ...who, ...DAY, ...LA]),
        overEws(['availability', ...who, ...DAY, ...LA]),
      ],
      2,
    );
    const [megan, lee] = json(got(graphJson)) as {
      mailbox: string;
      ok: boolean;
      events?: { start: string; end: string; busyType: string; details?: { subject?: string } }[];
      error?: { error: string; code?: string };
    }[];
    expect(megan?.ok).toBe(true);
    expect(megan?.events?.map((e) => [e.start, e.end, e.busyType, e.details?.subject])).toEqual([
      ['2025-06-10T16:00:00.000Z', '2025-06-10T17:00:00.000Z', 'Busy', 'Project sync 1'],
      ['2025-06-10T22:00:00.000Z', '2025-06-10T23:00:00.000Z', 'Busy', undefined],
    ]);
    expect(lee).toMatchObject({
      mailbox: 'lee@beacon.test',
      ok: false,
      error: { error: 'server' },
    });
    const table = succeeded(got(graphTable), 'graph table');
    expect(table).toContain('Project sync 1');
    expect(table).toContain('lee@beacon.test: could not be read (ErrorNoFreeBusyAccess)');
    // The same table: Megan's private appointment comes over Graph without subject, marked
    // isPrivate, and reads "Private appointment" as over EWS.
    const ews = succeeded(got(ewsTable), 'ews table');
    expect(ews).toContain('3:00 PM–4:00 PM   Busy  Private appointment');
    expect(table).toBe(ews);
    expect((await serverLog()).errors).toEqual([]);
  });
});

interface Listed {
  folder: string;
  items: { id: string; ref: string; subject: string; isRead: boolean }[];
}

describe('beacon voicemail over Graph', () => {
  it('list: the nine seeded voicemails, the same table (short IDs too) as over EWS', async () => {
    const [graphJson, graphTable, ewsTable] = await runAll(
      [
        overGraph(['voicemail', 'list', '--json']),
        overGraph(['voicemail', 'list', '--ids']),
        overEws(['voicemail', 'list', '--ids']),
      ],
      2,
    );
    const listed = json(got(graphJson)) as Listed;
    expect(listed.items).toHaveLength(9);
    expect(listed.items[0]?.subject).toBe('Voice Mail from Megan Bowen (13 seconds)');
    expect(listed.items.map((i) => i.ref)).toEqual(listed.items.map((i) => shortId(i.id)));
    const table = succeeded(got(graphTable), 'graph table');
    expect(table.split('\n')[0]).toBe('9 voicemails, 3 unread');
    // The simulator gives an item one id on both faces, so even the short IDs match here.
    expect(table).toBe(succeeded(got(ewsTable), 'ews table'));
    expect((await serverLog()).errors).toEqual([]);
  });

  it('save writes the attachment bytes; read and delete are seen by the server', async () => {
    const listed = json(await run(overGraph(['voicemail', 'list', '--json']))) as Listed;
    const megan = listed.items.find((i) => i.subject.includes('Megan Bowen'));
    const diego = listed.items.find((i) => i.subject.includes('Diego Siciliani'));
    if (megan === undefined || diego === undefined) throw new Error('seeded voicemail missing');
    const out = path.join(dir, 'megan-graph.mp3');
    const saved = await run(overGraph(['voicemail', 'save', megan.ref, '--out', out]));
    expect(succeeded(saved).trim()).toBe(
      `Saved ${out} (${String(readClip('megan').length)} bytes).`,
    );
    expect(await readFile(out)).toEqual(readClip('megan'));

    const read = await run(overGraph(['voicemail', 'read', megan.ref]));
    expect(succeeded(read).trim()).toBe('Marked as read.');
    expect((await admin.voicemail(ALEX)).find((m) => m.id === megan.id)?.isRead).toBe(true);

    const deleted = await run(
      overGraph(['voicemail', 'delete', diego.ref], { LANG: 'ko_KR.UTF-8' }),
    );
    expect(succeeded(deleted).trim()).toBe('지운 편지함으로 옮겼습니다.');
    expect((await admin.voicemail(ALEX)).map((m) => m.id)).not.toContain(diego.id);
    // Graph's move gives the message a new id; it is the same message, now in Deleted Items.
    const moved = (await admin.messages(ALEX)).filter((m) => m.subject === diego.subject);
    expect(moved.map((m) => m.folder)).toEqual(['deleteditems']);
    const log = await serverLog();
    expect(log.errors).toEqual([]);
    expect(log.ews).toBe(0);
  });
});

/** A settings.json as the window writes it, in a folder of its own. */
async function savedAccount(account: Record<string, unknown>): Promise<string> {
  const dataDir = await mkdtemp(path.join(dir, 'data-'));
  await writeFile(
    path.join(dataDir, 'settings.json'),
    JSON.stringify({ account: { demo: false, mailbox: ALEX, ...account } }),
  );
  return dataDir;
}

describe('which protocol, with no --protocol', () => {
  it("the saved account's choice: Graph with a token, and BEACON_PROTOCOL/BEACON_GRAPH_URL", async () => {
    const dataDir = await savedAccount({
      auth: 'oauth',
      backend: 'graph',
      oauth: { authority: 'https://login.example.test/tenant', clientId: 'beacon-test' },
    });
    const saved = await runCli(['voicemail', 'list', '--json', '--data-dir', dataDir], {
      env: { BEACON_TOKEN: tokenOf(sim, ALEX), BEACON_GRAPH_URL: sim.graphUrl },
    });
    expect((json(saved) as Listed).items).toHaveLength(9);
    const afterSaved = await serverLog();
    expect(afterSaved.graph).toBeGreaterThan(0);
    expect(afterSaved.ews).toBe(0);

    await admin.clearRequests();
    const fromEnv = await runCli(['voicemail', 'list', '--json', '--user', ALEX], {
      env: {
        BEACON_TOKEN: tokenOf(sim, ALEX),
        BEACON_PROTOCOL: 'graph',
        BEACON_GRAPH_URL: sim.graphUrl,
      },
    });
    expect((json(fromEnv) as Listed).items).toHaveLength(9);
    const afterEnv = await serverLog();
    expect(afterEnv.graph).toBeGreaterThan(0);
    expect(afterEnv.ews).toBe(0);
  });

  it('a saved password account stays on EWS; one with Graph chosen is told to sign in with Microsoft', async () => {
    const automatic = await savedAccount({
      auth: 'basic',
      ewsUrl: sim.ewsUrl,
      useAutodiscover: false,
    });
    const listed = await runCli(['voicemail', 'list', '--json', '--data-dir', automatic], {
      env: { BEACON_PASSWORD: PASSWORD },
    });
    expect((json(listed) as Listed).items).toHaveLength(9);
    const log = await serverLog();
    expect(log.ews).toBeGreaterThan(0);
    expect(log.graph).toBe(0);

    const graphChosen = await savedAccount({
      auth: 'basic',
      backend: 'graph',
      ewsUrl: sim.ewsUrl,
      useAutodiscover: false,
    });
    const refused = await runCli(['calendar', '--data-dir', graphChosen], {
      env: { BEACON_PASSWORD: PASSWORD },
    });
    expectOneLineError(
      refused,
      /^beacon: error: Microsoft Graph accepts only a Microsoft sign-in, not a password/,
    );
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
  });
});

describe('failures over Graph', () => {
  it('a password with --protocol graph: one line, in English and in Korean, nothing sent', async () => {
    const args = ['oof', 'get', '--protocol', 'graph', '--graph-url', sim.graphUrl, '--user', ALEX];
    const [english, korean] = await runAll(
      [
        { args, options: { env: { BEACON_PASSWORD: PASSWORD } } },
        { args, options: { env: { BEACON_PASSWORD: PASSWORD, LANG: 'ko_KR.UTF-8' } } },
      ],
      2,
    );
    expectOneLineError(
      got(english),
      /^beacon: error: Microsoft Graph accepts only a Microsoft sign-in, not a password: set BEACON_TOKEN/,
    );
    expectOneLineError(
      got(korean),
      /^beacon: error: Microsoft Graph는 암호가 아닌 Microsoft 로그인만 받습니다/,
    );
    const log = await serverLog();
    expect(log.graph + log.ews).toBe(0);
  });

  it('a refused token: exit 1, one line saying the server did not accept it', async () => {
    const result = await run(overGraph(['calendar', ...DAY], { BEACON_TOKEN: 'not-a-token-4f9' }));
    expectOneLineError(
      result,
      /^beacon: auth error: The server did not accept the sign-in token \(it has expired or is not for this server\)/,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('not-a-token-4f9');
    const refused = (await admin.requests()).filter((r) => r.operation.startsWith('Graph '));
    expect(refused.map((r) => r.status)).toContain(401);
  });

  it('Graph unreachable: exit 1, one line naming the host', async () => {
    // A port that was free a moment ago and is closed now: the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => {
          resolve(typeof address === 'object' && address !== null ? address.port : 0);
        });
      });
    });
    const result = await runCli(
      [
        'voicemail',
        'list',
        '--protocol',
        'graph',
        '--graph-url',
        `http://127.0.0.1:${String(port)}/v1.0`,
        '--user',
        ALEX,
      ],
      { env: { BEACON_TOKEN: tokenOf(sim, ALEX) }, timeoutMs: 60_000 },
    );
    expectOneLineError(result, /^beacon: transport error: Could not connect to 127\.0\.0\.1/);
    expect(result.code).toBe(1);
  }, 70_000);

  it('--protocol takes only ews or graph (usage, exit 2)', async () => {
    const result = await runCli(['oof', 'get', '--protocol', 'imap', '--user', ALEX], {
      env: { BEACON_TOKEN: 'x' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--protocol must be ews or graph');
  });
});
