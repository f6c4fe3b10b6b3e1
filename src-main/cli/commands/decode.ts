import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isEwsError } from '../../ews/errors.js';
import { decodeGetUserAvailabilityResponse } from '../../ews/operations/availability.js';
import { decodeFindCalendarItemsResponse } from '../../ews/operations/calendar.js';
import { decodeCreateItemResponse } from '../../ews/operations/conversation-history.js';
import { decodeFindItemResponse, decodeItemsResponse } from '../../ews/operations/items.js';
import { decodeGetMailTipsResponse } from '../../ews/operations/mailtips.js';
import {
  decodeGetUserOofSettingsResponse,
  decodeSetUserOofSettingsResponse,
} from '../../ews/operations/oof.js';
import { decodeResolveNamesResponse } from '../../ews/operations/resolve-names.js';
import { responseOutcomes } from '../../ews/operations/response-errors.js';
import {
  decodeDeleteItemResponse,
  decodeGetAttachmentResponse,
  decodeUpdateItemResponse,
} from '../../ews/operations/voicemail.js';
import { readEnvelope, type DecodedEnvelope } from '../../ews/soap/envelope.js';
import { legacyTimeZoneFor } from '../../ews/time/legacy-time-zone.js';
import { child, children, type XmlNode } from '../../ews/xml/parse.js';
import { errorAsJson, hasFailure, toJson, UsageError } from '../output.js';

export const decodeUsage =
  'beacon decode <Operation> <file> [--time-zone IANA] [--mailboxes a,b] [--interval MIN]';

interface DecodeFlags {
  timeZone: string;
  mailboxes: string[] | undefined;
  intervalMinutes: number;
}

type Decoder = (env: DecodedEnvelope, flags: DecodeFlags) => unknown;

const done = { ok: true };

/** What `beacon decode` knows how to read, by operation name. */
const decoders: Record<string, Decoder> = {
  GetUserOofSettings: (env) => decodeGetUserOofSettingsResponse(env),
  SetUserOofSettings: (env) => (decodeSetUserOofSettingsResponse(env), done),
  GetUserAvailability: decodeAvailability,
  // A capture of a calendar view decodes as calendar items; any other FindItem generically.
  FindItem: (env) =>
    isCalendarView(env) ? decodeFindCalendarItemsResponse(env) : decodeFindItemResponse(env),
  GetItem: (env) => decodeItemsResponse(env, 'GetItem'),
  GetAttachment: (env) => decodeGetAttachmentResponse(env),
  UpdateItem: (env) => decodeUpdateItemResponse(env),
  DeleteItem: (env) => (decodeDeleteItemResponse(env), done),
  CreateItem: (env) => decodeCreateItemResponse(env),
  GetMailTips: (env) => decodeGetMailTipsResponse(env, recipientsIn(env)),
  ResolveNames: (env) => decodeResolveNamesResponse(env),
};

export const decodableOperations = Object.keys(decoders);

/**
 * Decodes a saved EWS response and returns the JSON to print. Error responses (throttling,
 * EWS error codes, SOAP faults) are a result too: their code and MessageXml values, exit code 1.
 * Malformed input throws, and main prints one line.
 */
export async function decodeCommand(argv: string[]): Promise<{ json: string; exitCode: number }> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'time-zone': { type: 'string', default: 'UTC' },
      mailboxes: { type: 'string' },
      interval: { type: 'string', default: '15' },
    },
  });
  const [operation, file] = positionals;
  if (operation === undefined || file === undefined || positionals.length > 2)
    throw new UsageError(decodeUsage);
  const flags: DecodeFlags = {
    timeZone: values['time-zone'],
    mailboxes: values.mailboxes?.split(',').map((m) => m.trim()),
    intervalMinutes: Number(values.interval),
  };
  const xml = await readFile(file, 'utf8');
  return decodeText(operation, xml, flags);
}

export function decodeText(
  operation: string,
  xml: string,
  flags: DecodeFlags,
): { json: string; exitCode: number } {
  try {
    const env = readEnvelope(xml);
    const decoder = decoders[operation];
    if (decoder) {
      // One failed message among several is still an error response: exit 1, like a fault.
      const value = decoder(env, flags);
      return { json: toJson(value), exitCode: hasFailure(value) ? 1 : 0 };
    }
    // An operation we have no decoder for: its response messages' outcomes, and an error
    // response exits 1 like every other.
    const outcomes = responseOutcomes(env);
    return {
      json: toJson({ operation, responseMessages: outcomes.map(outcomeJson) }),
      exitCode: outcomes.some((o) => o.responseClass === 'Error') ? 1 : 0,
    };
  } catch (error) {
    // A decode error (malformed input) is not a result: main prints it as one line.
    if (isEwsError(error) && error.kind !== 'decode')
      return { json: toJson(errorAsJson(error)), exitCode: 1 };
    throw error;
  }
}

function outcomeJson(outcome: ReturnType<typeof responseOutcomes>[number]): unknown {
  const { error, ...rest } = outcome;
  return error ? { ...rest, ...errorAsJson(error) } : rest;
}

function isCalendarView(env: DecodedEnvelope): boolean {
  const message = child(
    child(child(env.body, 'FindItemResponse'), 'ResponseMessages'),
    'FindItemResponseMessage',
  );
  const items = child(child(message, 'RootFolder'), 'Items');
  const first =
    items !== undefined && typeof items === 'object'
      ? Object.keys(items).find((k) => !k.startsWith('@') && k !== '#text')
      : undefined;
  return first === 'CalendarItem';
}

/** A capture does not say which mailboxes were asked about; number them unless told. */
function decodeAvailability(env: DecodedEnvelope, flags: DecodeFlags): unknown {
  const answers = children(
    child(child(env.body, 'GetUserAvailabilityResponse'), 'FreeBusyResponseArray'),
    'FreeBusyResponse',
  );
  const mailboxes = flags.mailboxes ?? answers.map((_, i) => `mailbox ${i + 1}`);
  const zone = legacyTimeZoneFor(flags.timeZone, new Date());
  return decodeGetUserAvailabilityResponse(env, {
    mailboxes,
    zone,
    intervalMinutes: flags.intervalMinutes,
  }).map((result) =>
    result.ok ? result : { mailbox: result.mailbox, ok: false, ...errorAsJson(result.error) },
  );
}

/** GetMailTips answers carry each recipient's address; use them as the labels. */
function recipientsIn(env: DecodedEnvelope): string[] {
  const messages: XmlNode[] = children(
    child(child(env.body, 'GetMailTipsResponse'), 'ResponseMessages'),
    'MailTipsResponseMessageType',
  );
  return messages.map((m, i) => {
    const address = child(child(child(m, 'MailTips'), 'RecipientAddress'), 'EmailAddress');
    return typeof address === 'string' ? address.trim() : `recipient ${i + 1}`;
  });
}
