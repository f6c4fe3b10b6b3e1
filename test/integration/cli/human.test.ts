/**
 * The CLI's human output against the simulator (demo seed on a fixed clock), as child
 * processes: tables and lines by default, JSON with --json, times in the system's zone and
 * locale, English or Korean (settings, else LANG/LC_ALL), `--from DATE` as local midnight, the
 * window's saved account (settings.json + the keychain) unless flags or environment say
 * otherwise, and `beacon` alone printing help.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore, passwordKey } from '../../../src-main/core/secrets/index.js';
import { cliStrings } from '../../../src-main/cli/strings.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import {
  startPrivateSecretService,
  type PrivateSecretService,
} from '../secrets/private-secret-service.js';
import {
  expectInstantsUtc,
  jsonOf,
  runAll,
  runCli,
  type CliOptions,
  type CliResult,
} from './support.js';

/** Tuesday 10 June 2025, 17:07 UTC = 10:07 Pacific daylight time. */
const NOW = new Date('2025-06-10T17:07:00Z');
const ALEX = 'alex@beacon.test';
const PASSWORD = 'alex-password';
const LA = 'America/Los_Angeles';

let sim: RunningSimulator;
let root: string;
const server = (): string[] => ['--url', sim.ewsUrl, '--user', ALEX];
const asAlex = (env: Record<string, string> = {}): CliOptions => ({
  env: { BEACON_PASSWORD: PASSWORD, TZ: LA, ...env },
});

beforeAll(async () => {
  sim = await startSimulator({ now: () => NOW, seed: 'demo' });
  root = await mkdtemp(path.join(tmpdir(), 'beacon-cli-human-'));
});

afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

describe('beacon with no arguments', () => {
  it('prints help to stdout and exits 0', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage:');
    expect(result.stdout).toContain('beacon calendar');
    expect(result.stdout).toContain('--json');
  });
});

describe('human output in English', () => {
  it('calendar: a table in the system zone and locale, JSON with --json', async () => {
    const [human, json] = await runAll([
      {
        args: ['calendar', ...server(), '--from', '2025-06-10', '--to', '2025-06-10'],
        options: asAlex(),
      },
      {
        args: ['calendar', ...server(), '--from', '2025-06-10', '--to', '2025-06-10', '--json'],
        options: asAlex(),
      },
    ]);
    expect(human?.stderr).toBe('');
    expect(human?.code).toBe(0);
    const lines = human?.stdout.trimEnd().split('\n') ?? [];
    expect(lines[0]).toBe('Tue, Jun 10 · 9 items');
    expect(lines[1]).toMatch(/^Time\s+Status\s+Subject\s+Location$/);
    // The seed's base is 10:00 Pacific: Design review 09:45–10:45 local, not 16:45 UTC.
    expect(human?.stdout).toMatch(/9:45\s?AM–10:45\s?AM\s+Busy\s+Design review\s+Microsoft Teams/);
    expect(human?.stdout).toMatch(/All day\s+Free\s+Release day/);
    expect(human?.stdout).toMatch(/Tentative\s+Architecture brown-bag/);
    expect(human?.stdout).toMatch(/Cancelled\s+Vendor demo/);
    expect(human?.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);

    expect(json?.code).toBe(0);
    const value = jsonOf(ran(json)) as {
      items: { subject: string; start: string }[];
    };
    expect(expectInstantsUtc(value)).toBeGreaterThan(0);
    expect(value.items.find((i) => i.subject === 'Design review')?.start).toBe(
      '2025-06-10T16:45:00.000Z',
    );
  });

  it('--from DATE is local midnight and --to DATE the end of that day, in the system zone', async () => {
    const [byDate, byInstant, seoul] = await runAll([
      {
        args: ['calendar', ...server(), '--from', '2025-06-10', '--to', '2025-06-10', '--json'],
        options: asAlex(),
      },
      {
        args: [
          'calendar',
          ...server(),
          '--from',
          '2025-06-10T07:00:00Z',
          '--to',
          '2025-06-11T07:00:00Z',
          '--json',
        ],
        options: asAlex(),
      },
      {
        // The same date in Seoul is a different window: 2025-06-09T15:00Z to 2025-06-10T15:00Z.
        args: ['calendar', ...server(), '--from', '2025-06-10', '--to', '2025-06-10', '--json'],
        options: asAlex({ TZ: 'Asia/Seoul' }),
      },
    ]);
    expect(byDate?.code, byDate?.stderr).toBe(0);
    expect(byDate?.stdout).toBe(byInstant?.stdout);
    const subjects = (jsonOf(ran(seoul)) as { items: { subject: string }[] }).items.map(
      (i) => i.subject,
    );
    expect(subjects).toContain('Budget sync');
    expect(subjects).not.toContain('Design review');
  });

  it('refuses a date-time without a zone, and an impossible date, as usage errors', async () => {
    const [noZone, badDate] = await runAll([
      { args: ['calendar', ...server(), '--from', '2025-06-10T09:00'], options: asAlex() },
      { args: ['calendar', ...server(), '--from', '2025-02-30'], options: asAlex() },
    ]);
    expect(noZone?.code).toBe(2);
    expect(noZone?.stderr).toContain('--from needs a time zone');
    expect(badDate?.code).toBe(2);
    expect(badDate?.stderr).toContain('--from is not a date: 2025-02-30');
  });

  it('voicemail list and availability: readable tables', async () => {
    const [voicemail, availability] = await runAll([
      { args: ['voicemail', 'list', ...server()], options: asAlex() },
      {
        args: [
          'availability',
          ...server(),
          '--mailbox',
          'megan@beacon.test',
          '--mailbox',
          'lee@beacon.test',
          '--from',
          '2025-06-10',
        ],
        options: asAlex(),
      },
    ]);
    expect(voicemail?.code, voicemail?.stderr).toBe(0);
    const lines = voicemail?.stdout.trimEnd().split('\n') ?? [];
    expect(lines[0]).toBe('9 voicemails, 3 unread');
    expect(lines[1]).toMatch(/^From\s+Received\s+Length$/);
    expect(lines[2]).toMatch(/^Megan Bowen\s+Tue, Jun 10, 8:\d\d\s?AM\s+13 s\s+unread$/);
    expect(voicemail?.stdout).toMatch(/Diego Siciliani\s+Mon, Jun 9, .*\s+9 s\n/);

    expect(availability?.code, availability?.stderr).toBe(0);
    expect(availability?.stdout).toMatch(/^megan@beacon\.test: \d+ events?\n/);
    expect(availability?.stdout).toContain(
      'lee@beacon.test: could not be read (ErrorNoFreeBusyAccess)',
    );
  });
});

describe('human output in Korean', () => {
  it('follows LANG (and LC_ALL over it) when the settings name no language', async () => {
    const [lang, lcAll, englishOverKorean] = await runAll([
      { args: ['voicemail', 'list', ...server()], options: asAlex({ LANG: 'ko_KR.UTF-8' }) },
      {
        args: ['voicemail', 'list', ...server()],
        options: asAlex({ LANG: 'en_US.UTF-8', LC_ALL: 'ko_KR.UTF-8' }),
      },
      {
        args: ['voicemail', 'list', ...server()],
        options: asAlex({ LANG: 'ko_KR.UTF-8', LC_ALL: 'en_US.UTF-8' }),
      },
    ]);
    for (const result of [lang, lcAll]) {
      expect(result?.code, result?.stderr).toBe(0);
      const lines = result?.stdout.trimEnd().split('\n') ?? [];
      expect(lines[0]).toBe('음성 메일 9개, 읽지 않음 3개');
      expect(lines[1]).toMatch(/^보낸 사람\s+받은 시간\s+길이$/);
      expect(lines[2]).toMatch(/^Megan Bowen\s+6월 10일 \(화\).*13초\s+읽지 않음$/);
    }
    expect(englishOverKorean?.stdout).toContain('9 voicemails, 3 unread');
  });

  it('follows the settings locale over LANG, for calendar words and times', async () => {
    const dataDir = path.join(root, 'ko-settings');
    await writeSettings(dataDir, { locale: 'ko' });
    const result = await runCli(
      [
        'calendar',
        ...server(),
        '--from',
        '2025-06-10',
        '--to',
        '2025-06-10',
        '--data-dir',
        dataDir,
      ],
      asAlex({ LANG: 'en_US.UTF-8' }),
    );
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('6월 10일 (화) · 9개 항목');
    expect(lines[1]).toMatch(/^시간\s+상태\s+제목\s+장소$/);
    expect(result.stdout).toMatch(/종일\s+한가함\s+Release day/);
    expect(result.stdout).toMatch(/취소됨\s+Vendor demo/);
    expect(result.stdout).toMatch(/미정\s+Architecture brown-bag/);
    // The Korean columns line up: the subject column starts at the same cell on every row.
    const cells = lines.slice(1).map((line) => cellOffset(line, /Release day|제목|Vendor demo/));
    expect(new Set(cells.filter((c) => c >= 0)).size).toBe(1);
  });
});

describe('beacon status in Korean', () => {
  it('speaks the language of the settings on the demo mailbox', async () => {
    const dataDir = path.join(root, 'status-ko');
    await writeSettings(dataDir, { locale: 'ko' });
    const result = await runCli(['status', '--data-dir', dataDir], {
      env: { LANG: 'en_US.UTF-8' },
      timeoutMs: 30_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ — Alex Wilber \(데모 사서함\)\n$/);
    const korean = Object.values(cliStrings('ko').availability);
    expect(korean.some((name) => result.stdout.includes(name))).toBe(true);
    // No English left but the person's name (and AM/PM, which some ICU data uses for Korean).
    expect(result.stdout.replace('Alex Wilber', '').match(/[A-Za-z]{3,}/g)).toBeNull();
  }, 40_000);
});

describe('beacon status with a signed-in account', () => {
  it('reads the saved account, with BEACON_PASSWORD winning over the keychain', async () => {
    const dataDir = path.join(root, 'status-exchange');
    await writeSettings(dataDir, {
      account: { mailbox: ALEX, ewsUrl: sim.ewsUrl, useAutodiscover: false },
    });
    const [right, wrong] = await runAll([
      {
        args: ['status', '--json', '--data-dir', dataDir],
        options: { env: { BEACON_PASSWORD: PASSWORD }, timeoutMs: 30_000 },
      },
      {
        args: ['status', '--data-dir', dataDir],
        options: { env: { BEACON_PASSWORD: 'wrong-S3cret-9f2' }, timeoutMs: 30_000 },
      },
    ]);
    expect(right?.code, right?.stderr).toBe(0);
    expect(jsonOf(ran(right))).toMatchObject({ account: { mode: 'exchange', mailbox: ALEX } });
    expect(wrong?.code).toBe(1);
    expect(wrong?.stderr).not.toContain('wrong-S3cret');
  }, 40_000);
});

describe("the window's saved account", () => {
  let service: PrivateSecretService;

  beforeAll(async () => {
    service = await startPrivateSecretService('pw');
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = service.busAddress;
    try {
      await new KeytarSecretStore().set(passwordKey(ALEX), PASSWORD);
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });

  afterAll(async () => {
    await service.stop();
  });

  it('is used when flags and environment name no account, with the keychain password', async () => {
    const dataDir = path.join(root, 'signed-in');
    await writeSettings(dataDir, {
      account: { mailbox: ALEX, ewsUrl: sim.ewsUrl, useAutodiscover: false },
    });
    const bus = { DBUS_SESSION_BUS_ADDRESS: service.busAddress, TZ: LA };
    const [reuse, envWins, otherUser, noSettings] = await runAll([
      { args: ['voicemail', 'list', '--json', '--data-dir', dataDir], options: { env: bus } },
      {
        args: ['voicemail', 'list', '--data-dir', dataDir],
        options: { env: { ...bus, BEACON_PASSWORD: 'wrong-S3cret-9f2' } },
      },
      {
        // Another mailbox: neither the saved server nor Alex's password apply to it.
        args: [
          'voicemail',
          'list',
          '--user',
          'nestor@beacon.test',
          '--url',
          sim.ewsUrl,
          '--data-dir',
          dataDir,
        ],
        options: { env: bus },
      },
      {
        args: ['voicemail', 'list', '--data-dir', path.join(root, 'nothing-here')],
        options: { env: bus },
      },
    ]);
    expect(reuse?.stderr).toBe('');
    expect(reuse?.code).toBe(0);
    expect((jsonOf(ran(reuse)) as { items: unknown[] }).items).toHaveLength(9);

    expect(envWins?.code).toBe(1);
    expect(envWins?.stderr).toMatch(/^beacon: auth error: /);
    expect(envWins?.stderr).not.toContain('wrong-S3cret');

    expect(otherUser?.code).toBe(1);
    expect(otherUser?.stderr).toContain('No password');

    expect(noSettings?.code).toBe(2);
    expect(noSettings?.stderr).toContain('Say who you are');
  });
});

/** A run that runAll reported (it reports one per job). */
function ran(result: CliResult | undefined): CliResult {
  if (result === undefined) throw new Error('the run did not report');
  return result;
}

async function writeSettings(dataDir: string, settings: Record<string, unknown>): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
}

/** The terminal cell where `pattern` starts in `line` (Hangul is two cells wide), or -1. */
function cellOffset(line: string, pattern: RegExp): number {
  const match = pattern.exec(line);
  if (match === null) return -1;
  let cells = 0;
  for (const char of line.slice(0, match.index))
    cells += /[\u1100-\u115f\uac00-\ud7a3\u3130-\u318f]/.test(char) ? 2 : 1;
  return cells;
}
