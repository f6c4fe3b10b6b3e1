import { parseArgs } from 'node:util';
import { discoverEwsUrl } from '../../ews/autodiscover/index.js';
import type { MailboxBackend } from '../../mailbox/backend.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { ExternalAudience, OofSettings, OofState } from '../../mailbox/oof.js';
import {
  authFor,
  autodiscoverEnv,
  connectionOptions,
  openMailbox,
  type ConnectionFlags,
  type SavedConnection,
} from '../connection.js';
import { availabilityText, calendarText, type TimeFormat } from '../human.js';
import { toJson, UsageError } from '../output.js';
import { dataDirFrom, readSavedAccount, systemKeychain } from '../saved-account.js';
import { chooseLanguage, cliStrings, type CliStrings } from '../strings.js';
import { applyOofChanges, dayWindow, parseWindowFlag } from './remote-args.js';

type Print = (text: string) => void;

export const autodiscoverUsage = 'beacon autodiscover <email> [--ca PEM_FILE]';
export const oofUsage = `beacon oof get
beacon oof set [--state enabled|disabled|scheduled] [--start ISO] [--end ISO]
               [--internal HTML] [--external HTML] [--audience none|known|all]`;
export const availabilityUsage =
  'beacon availability [--mailbox SMTP ...] [--from ISO|DATE] [--to ISO|DATE] [--time-zone IANA] [--view detailed|busy-only] [--interval MIN] [--json]';
export const calendarUsage =
  'beacon calendar [--from ISO|DATE] [--to ISO|DATE] [--time-zone IANA] [--json]';
export { voicemailUsage } from './voicemail.js';

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What a command needs beyond its flags: the saved account, and how to speak to the user. */
interface Context {
  saved: SavedConnection;
  strings: CliStrings;
  /** Times in human output: the system's zone (or --time-zone) and the user's locale. */
  format: TimeFormat;
}

async function contextFor(
  values: { 'data-dir'?: string | undefined; 'time-zone'?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Promise<Context> {
  const account = await readSavedAccount(dataDirFrom(values['data-dir'], env));
  const system = Intl.DateTimeFormat().resolvedOptions();
  return {
    saved: { account, keychain: systemKeychain },
    strings: cliStrings(chooseLanguage(account.locale, env)),
    format: {
      locale: account.locale ?? system.locale,
      timeZone: values['time-zone'] ?? system.timeZone,
    },
  };
}

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
  const context = await contextFor(values);
  await withClient(values, context, async (client) => {
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

/**
 * The window `--from`/`--to` ask for: a date alone is local midnight (`--to`: the end of that
 * day); no `--from` is today; `--from` alone is one day, the day it starts in.
 */
function windowFromFlags(
  values: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): { start: Date; end: Date } {
  const start = values.from
    ? parseWindowFlag('--from', values.from, timeZone, 'start')
    : dayWindow(new Date(), timeZone).start;
  const end = values.to
    ? parseWindowFlag('--to', values.to, timeZone, 'end')
    : dayWindow(start, timeZone).end;
  return { start, end };
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
      json: { type: 'boolean', default: false },
    },
  });
  const context = await contextFor(values);
  const timeZone = values['time-zone'] ?? localZone();
  const { start, end } = windowFromFlags(values, timeZone);
  const detail = values.view === undefined ? undefined : detailOfView(values.view);
  await withClient(values, context, async (client) => {
    const results = await client.getAvailability({
      ...(values.mailbox ? { mailboxes: values.mailbox } : {}),
      start,
      end,
      timeZone,
      ...(detail === undefined ? {} : { detail }),
      ...(values.interval ? { intervalMinutes: Number(values.interval) } : {}),
    });
    print(
      values.json
        ? toJson(results)
        : availabilityText(results, { start }, context.strings, context.format),
    );
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
      json: { type: 'boolean', default: false },
    },
  });
  const context = await contextFor(values);
  const timeZone = values['time-zone'] ?? localZone();
  const { start, end } = windowFromFlags(values, timeZone);
  await withClient(values, context, async (client) => {
    const result = await client.getCalendar({ start, end });
    print(
      values.json
        ? toJson(result)
        : calendarText({ ...result, start, end }, context.strings, context.format),
    );
  });
}

export async function voicemailCommand(argv: string[], print: Print): Promise<void> {
  const { voicemailCommand: run } = await import('./voicemail.js');
  await run(argv, print, async (values) => {
    const context = await contextFor(values);
    return {
      strings: context.strings,
      format: context.format,
      withClient: (work) => withClient(values, context, work),
    };
  });
}

/**
 * `--view`: how much free/busy tells. The EWS names are kept for scripts that used them; every
 * protocol answers either with subjects where shared (`detailed`) or times only (`busy-only`).
 */
function detailOfView(view: string): 'detailed' | 'busy-only' {
  const lower = view.toLowerCase();
  if (['detailed', 'detailedmerged'].includes(lower)) return 'detailed';
  if (['busy-only', 'freebusy', 'freebusymerged', 'mergedonly'].includes(lower)) return 'busy-only';
  throw new UsageError('--view must be detailed or busy-only');
}

/** A connection failure in the user's words where the CLI has them; others as they came. */
function explained(error: unknown, strings: CliStrings, refused: string): unknown {
  if (!(error instanceof MailboxError)) return error;
  const reason = error.failure?.reason;
  const host = error.failure?.host;
  let text: string | undefined;
  if (reason === 'sign-in-expired') text = refused;
  else if ((reason === 'unreachable' || reason === 'host-not-found') && host !== undefined)
    text = strings.unreachable(host);
  return text === undefined ? error : new MailboxError(error.kind, text, { cause: error });
}

/** Opens the account's mailbox (EWS or Graph, as decided), runs the work, lets go. */
async function withClient(
  flags: ConnectionFlags,
  context: Context,
  work: (client: MailboxBackend) => Promise<void>,
): Promise<void> {
  const open = await openMailbox(flags, context.strings, process.env, context.saved);
  try {
    await work(open.backend);
  } catch (error) {
    throw explained(error, context.strings, open.refused);
  } finally {
    await open.close();
  }
}
