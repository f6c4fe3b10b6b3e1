/**
 * The CLI's server commands as child processes against a simulator started in this process
 * (demo seed on a fixed clock), over real sockets: values from the seed, the OOF round trip
 * checked through the admin API, Autodiscover, every way of naming the server and the secret,
 * and failures as one line. No secret ever shows up in what the CLI prints.
 *
 * The OOF commands change Alex's settings, so they run one after another; the read-only
 * commands run beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import {
  expectInstantsUtc,
  expectOneLineError,
  jsonOf,
  runAll,
  runCli,
  type CliOptions,
  type CliResult,
} from './support.js';

/** Tuesday 10 June 2025, 17:07 UTC = 10:07 Pacific daylight time; the seed's base is 17:00 Z. */
const NOW = new Date('2025-06-10T17:07:00Z');
const ALEX = 'alex@beacon.test';
const PASSWORD = 'alex-password';
const TOKEN = 'alex-token';
const WRONG_PASSWORD = 'wrong-S3cret-9f2';
/** Alex's local day (Pacific daylight time, UTC-7) around NOW. */
const DAY = ['--from', '2025-06-10T00:00:00-07:00', '--to', '2025-06-11T07:00:00Z'];

interface AdminOof {
  state: string;
  externalAudience: string;
  start?: string;
  end?: string;
  internalReply: string;
  externalReply: string;
}

interface Oof {
  state: string;
  externalAudience: string;
  internalReply: { message: string; lang?: string };
  externalReply: { message: string; lang?: string };
  duration?: { start: string; end: string };
  allowExternalOof?: string;
}

let sim: RunningSimulator;
const results = new Map<string, CliResult>();
const resultOf = (name: string): CliResult => {
  const result = results.get(name);
  if (!result) throw new Error(`no result for ${name}`);
  return result;
};
const adminOof: AdminOof[] = [];

async function getAdminOof(): Promise<AdminOof> {
  const response = await fetch(`${sim.adminUrl}/mailboxes/${ALEX}/oof`);
  expect(response.status).toBe(200);
  return (await response.json()) as AdminOof;
}

/** As Alex, server by flag, password by environment. */
const asAlex = (env: Record<string, string> = {}): CliOptions => ({
  env: { BEACON_PASSWORD: PASSWORD, ...env },
});
const withServer = (args: string[]): string[] => [...args, '--url', sim.ewsUrl, '--user', ALEX];

/** The Los Angeles date when the children ran (the default window is "today"). */
let launchedOn = '';
const laDay = (d: Date): string =>
  d.toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });

beforeAll(async () => {
  launchedOn = laDay(new Date());
  sim = await startSimulator({ now: () => NOW, seed: 'demo' });
  const base = sim.baseUrl;

  // The OOF sequence, each step seen by the admin API before the next.
  const oofSequence = async (): Promise<void> => {
    adminOof.push(await getAdminOof());
    const steps: [string, string[]][] = [
      ['oofGet', ['oof', 'get']],
      [
        'oofSetEnabled',
        ['oof', 'set', '--state', 'enabled', '--internal', '<p>Away &amp; back</p>'],
      ],
      ['oofGetAfterSet', ['oof', 'get']],
      [
        'oofSetScheduled',
        [
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
        ],
      ],
    ];
    for (const [name, args] of steps) {
      results.set(name, await runCli(withServer(args), asAlex()));
      adminOof.push(await getAdminOof());
    }
  };

  const readOnly: [string, readonly string[], CliOptions][] = [
    [
      'availabilityLa',
      withServer([
        'availability',
        '--mailbox',
        'megan@beacon.test',
        '--mailbox',
        'lee@beacon.test',
        '--time-zone',
        'America/Los_Angeles',
        ...DAY,
        '--json',
      ]),
      asAlex(),
    ],
    [
      'availabilityBerlin',
      withServer([
        'availability',
        '--mailbox',
        'megan@beacon.test',
        '--mailbox',
        'lee@beacon.test',
        '--time-zone',
        'Europe/Berlin',
        ...DAY,
        '--json',
      ]),
      asAlex(),
    ],
    ['calendar', withServer(['calendar', ...DAY, '--json']), asAlex()],
    [
      // No flags at all: server and user from the environment, the day window by default.
      'calendarFromEnv',
      ['calendar', '--time-zone', 'America/Los_Angeles', '--json'],
      asAlex({ BEACON_EWS_URL: sim.ewsUrl, BEACON_USER: ALEX }),
    ],
    [
      'voicemailToken',
      withServer(['voicemail', 'list', '--json']),
      { env: { BEACON_TOKEN: TOKEN } },
    ],
    ['autodiscover', ['autodiscover', ALEX], asAlex({ BEACON_AUTODISCOVER_V2_URL: base })],
    [
      // No URL anywhere: the CLI finds the server through Autodiscover v2, then lists voicemail.
      'voicemailViaAutodiscover',
      ['voicemail', 'list', '--user', ALEX, '--json'],
      asAlex({ BEACON_AUTODISCOVER_V2_URL: base }),
    ],
    [
      'wrongPassword',
      withServer(['voicemail', 'list']),
      { env: { BEACON_PASSWORD: WRONG_PASSWORD } },
    ],
    ['noPassword', withServer(['voicemail', 'list']), {}],
  ];

  const [, outcomes] = await Promise.all([
    oofSequence(),
    runAll(
      readOnly.map(([, args, options]) => ({ args, options })),
      2,
    ),
  ]);
  readOnly.forEach(([name], i) => {
    const outcome = outcomes[i];
    if (outcome) results.set(name, outcome);
  });
}, 90_000);

afterAll(async () => {
  await sim.close();
});

/** A successful run: exit 0, quiet stderr, JSON on stdout with UTC instants. */
function succeeded(name: string): unknown {
  const result = resultOf(name);
  expect(result.stderr, name).toBe('');
  expect(result.code, name).toBe(0);
  const value = jsonOf(result);
  expectInstantsUtc(value);
  return value;
}

describe('beacon oof', () => {
  it('get: the demo seed, scheduled for next week with both replies', () => {
    const oof = succeeded('oofGet') as Oof;
    expect(oof).toEqual({
      state: 'Scheduled',
      externalAudience: 'All',
      internalReply: {
        message: "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
        lang: 'en-US',
      },
      externalReply: {
        message: '<html><body>I am out of the office and will reply when I am back.</body></html>',
        lang: 'en-US',
      },
      // Next Monday to Saturday, local midnight in Pacific daylight time.
      duration: { start: '2025-06-16T07:00:00.000Z', end: '2025-06-21T07:00:00.000Z' },
      allowExternalOof: 'All',
    });
  });

  it('set --state enabled --internal: exactly that changes, every other field round-trips', () => {
    const before = succeeded('oofGet') as Oof;
    const after = succeeded('oofSetEnabled') as Oof;
    const expected: Oof = {
      ...before,
      state: 'Enabled',
      internalReply: { ...before.internalReply, message: '<p>Away &amp; back</p>' },
    };
    expect(after).toEqual(expected);
    // A fresh `oof get` sees the same.
    expect(succeeded('oofGetAfterSet') as Oof).toEqual(expected);
    // And so does the server's own state.
    const [seeded, afterGet, afterSet] = adminOof;
    expect(afterGet).toEqual(seeded);
    expect(afterSet).toEqual({
      ...seeded,
      state: 'Enabled',
      internalReply: '<p>Away &amp; back</p>',
    });
    expect(seeded).toMatchObject({
      state: 'Scheduled',
      start: '2025-06-16T07:00:00Z',
      end: '2025-06-21T07:00:00Z',
    });
  });

  it('set --state scheduled --start --end --audience: the window in UTC, replies untouched', () => {
    const scheduled = succeeded('oofSetScheduled') as Oof;
    expect(scheduled.state).toBe('Scheduled');
    expect(scheduled.externalAudience).toBe('Known');
    expect(scheduled.duration).toEqual({
      start: '2025-07-01T06:00:00.000Z',
      end: '2025-07-04T17:30:00.000Z',
    });
    expect(scheduled.internalReply.message).toBe('<p>Away &amp; back</p>');
    const last = adminOof[adminOof.length - 1];
    expect(last).toEqual({
      ...adminOof[adminOof.length - 2],
      state: 'Scheduled',
      externalAudience: 'Known',
      start: '2025-07-01T06:00:00Z',
      end: '2025-07-04T17:30:00Z',
    });
  });
});

interface Availability {
  mailbox: string;
  ok: boolean;
  view?: string;
  events?: { start: string; end: string; busyType: string; details?: { subject?: string } }[];
  error?: { error: string; code: string; reason?: string };
}

describe('beacon availability', () => {
  it('each --mailbox in order: events in UTC, a refused mailbox as its error code', () => {
    const [megan, lee, ...rest] = succeeded('availabilityLa') as Availability[];
    expect(rest).toEqual([]);
    expect(megan?.mailbox).toBe('megan@beacon.test');
    expect(megan?.ok).toBe(true);
    expect(megan?.view).toBe('DetailedMerged');
    // Megan's seeded day: "Project sync 1" an hour before base, and a private appointment
    // (other people's private items come without subject).
    expect(megan?.events?.map((e) => [e.start, e.end, e.busyType, e.details?.subject])).toEqual([
      ['2025-06-10T16:00:00.000Z', '2025-06-10T17:00:00.000Z', 'Busy', 'Project sync 1'],
      ['2025-06-10T22:00:00.000Z', '2025-06-10T23:00:00.000Z', 'Busy', undefined],
    ]);
    expect(lee).toMatchObject({
      mailbox: 'lee@beacon.test',
      ok: false,
      error: { error: 'server', code: 'ErrorNoFreeBusyAccess', reason: 'server-error' },
    });
  });

  it('--time-zone changes the request zone, not the instants', () => {
    const la = succeeded('availabilityLa') as Availability[];
    const berlin = succeeded('availabilityBerlin') as Availability[];
    expect(berlin.map((r) => r.events)).toEqual(la.map((r) => r.events));
  });
});

interface Calendar {
  items: {
    subject: string;
    start: string;
    end: string;
    isAllDay: boolean;
    isCancelled: boolean;
    sensitivity: string;
    joinUrl?: string;
  }[];
}

describe('beacon calendar', () => {
  it('--from --to: the seeded day, sorted, with the times of the seed', () => {
    const { items } = succeeded('calendar') as Calendar;
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
    const by = (subject: string): Calendar['items'][number] | undefined =>
      items.find((i) => i.subject === subject);
    expect(by('Release day')?.isAllDay).toBe(true);
    expect(by('Vendor demo')?.isCancelled).toBe(true);
    expect(by('Dentist')?.sensitivity).toBe('Private');
    expect(by('Design review')?.joinUrl).toBe(
      'https://teams.microsoft.com/l/meetup-join/beacon-sim-1',
    );
  });

  it('BEACON_EWS_URL and BEACON_USER instead of flags; the default window is today in --time-zone', () => {
    const { items } = succeeded('calendarFromEnv') as Calendar;
    // The simulator's clock is fixed in 2025; on the real today only the endless daily
    // stand-up recurs, at 09:30 Pacific.
    expect(items.map((i) => i.subject)).toEqual(['Daily stand-up']);
    const start = new Date(items[0]?.start ?? '');
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/Los_Angeles',
      hour: '2-digit',
      minute: '2-digit',
    }).format(start);
    expect(local).toBe('09:30');
    // Either side of midnight in Los Angeles, the window is the day the command ran.
    expect([launchedOn, laDay(new Date())]).toContain(laDay(start));
  });
});

interface Voicemail {
  folder: string;
  items: { subject: string; durationSeconds?: number; callerNumber?: string; isRead: boolean }[];
}

describe('beacon voicemail list and the ways to sign in', () => {
  const expectSeededVoicemail = (list: Voicemail): void => {
    expect(list.items.map((i) => [i.subject, i.durationSeconds, i.isRead])).toEqual([
      ['Voice Mail from Megan Bowen (13 seconds)', 13, false],
      ['Voice Mail from Diego Siciliani (9 seconds)', 9, true],
      ['Voice Mail from Contoso Pharmacy (6 seconds)', 6, true],
      ['Voice Mail from 김민지 (11 seconds)', 11, false],
      ['Voice Mail from Patti Fernandez (14 seconds)', 14, false],
      ['Voice Mail from Adele Vance (9 seconds)', 9, true],
      ['Voice Mail from Lee Gu (8 seconds)', 8, true],
      ['Voice Mail from Isaiah Langer (9 seconds)', 9, true],
      ['Voice Mail from Johanna Lorenz (9 seconds)', 9, true],
    ]);
    expect(list.items[0]?.callerNumber).toBe('+14255550142');
  };

  it('BEACON_TOKEN (Bearer) instead of a password', () => {
    expectSeededVoicemail(succeeded('voicemailToken') as Voicemail);
  });

  it('no --url and no BEACON_EWS_URL: Autodiscover (BEACON_AUTODISCOVER_V2_URL) finds the server', () => {
    expectSeededVoicemail(succeeded('voicemailViaAutodiscover') as Voicemail);
  });

  it('a wrong password: exit 1, one line saying it is an auth error', () => {
    const result = resultOf('wrongPassword');
    expectOneLineError(result, /^beacon: auth error: .*credentials/);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });

  it('no password and no terminal: exit 1, one line saying how to give one', () => {
    const result = resultOf('noPassword');
    expectOneLineError(result, /^beacon: error: No password: set BEACON_PASSWORD/);
    expect(result.code).toBe(1);
  });
});

describe('beacon autodiscover', () => {
  it('asks the v2 JSON endpoint named by BEACON_AUTODISCOVER_V2_URL and prints the EWS URL', () => {
    const found = succeeded('autodiscover') as {
      ewsUrl: string;
      method: string;
      email: string;
      redirects: number;
      attempts: { url: string; outcome: string }[];
    };
    expect(found).toMatchObject({
      ewsUrl: sim.ewsUrl,
      method: 'v2-json',
      email: ALEX,
      redirects: 0,
    });
    expect(found.attempts.map((a) => a.url)).toEqual([
      `${sim.baseUrl}/autodiscover/autodiscover.json/v1.0/${ALEX}?Protocol=EWS`,
    ]);
  });
});

describe('secrets', () => {
  it('no password or token appears in anything the CLI printed', () => {
    expect(results.size).toBe(13);
    for (const [name, result] of results) {
      for (const secret of [PASSWORD, TOKEN, WRONG_PASSWORD]) {
        expect(result.stdout, name).not.toContain(secret);
        expect(result.stderr, name).not.toContain(secret);
      }
    }
  });
});
