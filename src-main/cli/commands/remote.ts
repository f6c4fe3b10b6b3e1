import { parseArgs } from 'node:util';
import { discoverEwsUrl } from '../../ews/autodiscover/index.js';
import type { EwsClient } from '../../ews/client.js';
import type { FreeBusyViewType } from '../../ews/operations/availability.js';
import type { ExternalAudience, OofSettings, OofState } from '../../ews/operations/oof.js';
import { authFor, autodiscoverEnv, connect, connectionOptions } from '../connection.js';
import { toJson, UsageError } from '../output.js';
import { applyOofChanges, dayWindow, parseInstantFlag } from './remote-args.js';

type Print = (text: string) => void;

export const autodiscoverUsage = 'beacon autodiscover <email> [--ca PEM_FILE]';
export const oofUsage = `beacon oof get
beacon oof set [--state enabled|disabled|scheduled] [--start ISO] [--end ISO]
               [--internal HTML] [--external HTML] [--audience none|known|all]`;
export const availabilityUsage =
  'beacon availability [--mailbox SMTP ...] [--from ISO] [--to ISO] [--time-zone IANA] [--view NAME] [--interval MIN]';
export const calendarUsage = 'beacon calendar [--from ISO] [--to ISO] [--time-zone IANA]';
export const voicemailUsage = 'beacon voicemail list';

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export async function autodiscoverCommand(argv: string[], print: Print): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ca: connectionOptions.ca },
  });
  const [email] = positionals;
  if (email === undefined) throw new UsageError(autodiscoverUsage);
  const { readFile } = await import('node:fs/promises');
  const caFile = values.ca ?? process.env.BEACON_CA_FILE;
  const extraCa = caFile ? await readFile(caFile, 'utf8') : undefined;
  const result = await discoverEwsUrl(email, {
    auth: await authFor(email),
    ...(extraCa ? { extraCa } : {}),
    ...autodiscoverEnv(),
  });
  print(toJson(result));
}

export async function oofCommand(argv: string[], print: Print): Promise<void> {
  const [verb, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      ...connectionOptions,
      state: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      internal: { type: 'string' },
      external: { type: 'string' },
      audience: { type: 'string' },
    },
  });
  if (verb !== 'get' && verb !== 'set') throw new UsageError(oofUsage);
  await withClient(values, async (client) => {
    const current = await client.getOofSettings();
    if (verb === 'get') {
      print(toJson(current));
      return;
    }
    // A set starts from what the server holds, so every field not named here round-trips untouched.
    const next: OofSettings = applyOofChanges(current, {
      state: values.state as Lowercase<OofState> | undefined,
      start: values.start,
      end: values.end,
      internal: values.internal,
      external: values.external,
      audience: values.audience as Lowercase<ExternalAudience> | undefined,
    });
    await client.setOofSettings(next);
    print(toJson(await client.getOofSettings()));
  });
}

export async function availabilityCommand(argv: string[], print: Print): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...connectionOptions,
      mailbox: { type: 'string', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      'time-zone': { type: 'string' },
      view: { type: 'string' },
      interval: { type: 'string' },
    },
  });
  const timeZone = values['time-zone'] ?? localZone();
  const window = dayWindow(new Date(), timeZone);
  await withClient(values, async (client) => {
    const results = await client.getAvailability({
      ...(values.mailbox ? { mailboxes: values.mailbox } : {}),
      start: values.from ? parseInstantFlag('--from', values.from) : window.start,
      end: values.to ? parseInstantFlag('--to', values.to) : window.end,
      timeZone,
      ...(values.view ? { view: values.view as FreeBusyViewType } : {}),
      ...(values.interval ? { intervalMinutes: Number(values.interval) } : {}),
    });
    print(toJson(results));
  });
}

export async function calendarCommand(argv: string[], print: Print): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...connectionOptions,
      from: { type: 'string' },
      to: { type: 'string' },
      'time-zone': { type: 'string' },
    },
  });
  const window = dayWindow(new Date(), values['time-zone'] ?? localZone());
  await withClient(values, async (client) => {
    const result = await client.getCalendar({
      start: values.from ? parseInstantFlag('--from', values.from) : window.start,
      end: values.to ? parseInstantFlag('--to', values.to) : window.end,
    });
    print(toJson(result));
  });
}

export async function voicemailCommand(argv: string[], print: Print): Promise<void> {
  const [verb, ...rest] = argv;
  if (verb !== 'list') throw new UsageError(voicemailUsage);
  const { values } = parseArgs({ args: rest, options: connectionOptions });
  await withClient(values, async (client) => {
    print(toJson(await client.listVoicemail()));
  });
}

async function withClient(
  flags: { url?: string; user?: string; ca?: string },
  work: (client: EwsClient) => Promise<void>,
): Promise<void> {
  const client = await connect(flags);
  try {
    await work(client);
  } finally {
    await client.close();
  }
}
