/**
 * GetUserOofSettings / SetUserOofSettings. The decoded settings keep every field the server
 * sent, and the builder sends every field it is given, so `set(get())` with one field changed
 * leaves the others as they were. AllowExternalOof is the administrator's limit: read, never sent.
 */
import { DecodeError } from '../errors.js';
import { buildEnvelope, operationResponse } from '../soap/envelope.js';
import { assertSuccess } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import type { DecodedEnvelope } from '../soap/envelope.js';
import { formatUtc, parseInstant } from '../time/date-time.js';
import { assertEncodable, el, optTextEl, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, children, text, type XmlNode } from '../xml/parse.js';
import {
  assertValidDate,
  emailAddressElement,
  optText,
  readBool,
  readEnum,
  type RequestOptions,
} from './common.js';

export type OofState = 'Enabled' | 'Disabled' | 'Scheduled';
export type ExternalAudience = 'None' | 'Known' | 'All';

const OOF_STATES: readonly OofState[] = ['Enabled', 'Disabled', 'Scheduled'];
const AUDIENCES: readonly ExternalAudience[] = ['None', 'Known', 'All'];

/** An automatic reply. `message` is HTML as the user wrote it (untrusted); whitespace is kept. */
export interface OofReply {
  message: string;
  lang?: string;
}

export interface OofDuration {
  start: Date;
  end: Date;
}

export interface OofSettings {
  state: OofState;
  externalAudience: ExternalAudience;
  /** Only meaningful when `state` is Scheduled; servers keep (and return) the last one anyway. */
  duration?: OofDuration;
  internalReply: OofReply;
  externalReply: OofReply;
  declineMeetingReply?: OofReply;
  declineEventsForScheduledOof?: boolean;
  declineAllEventsForScheduledOof?: boolean;
  createOofEvent?: boolean;
  oofEventSubject?: string;
  autoDeclineFutureRequestsWhenOof?: boolean;
  oofEventId?: string;
  eventsToDeleteIds?: string[];
  /** Read-only: the most the administrator allows for external replies. Never sent. */
  allowExternalOof?: ExternalAudience;
}

export interface GetOofArgs extends RequestOptions {
  /** SMTP address of the mailbox. */
  mailbox: string;
}

export interface SetOofArgs extends RequestOptions {
  mailbox: string;
  settings: OofSettings;
}

export function buildGetUserOofSettingsRequest(args: { mailbox: string }): XmlFragment {
  return el(
    'm:GetUserOofSettingsRequest',
    undefined,
    emailAddressElement('t:Mailbox', args.mailbox),
  );
}

export function buildSetUserOofSettingsRequest(args: {
  mailbox: string;
  settings: OofSettings;
}): XmlFragment {
  const s = args.settings;
  if (s.state === 'Scheduled' && s.duration === undefined)
    throw new RangeError('A scheduled OOF needs a duration');
  if (s.duration !== undefined) {
    assertValidDate(s.duration.start, 'OOF start');
    assertValidDate(s.duration.end, 'OOF end');
    if (s.duration.end.getTime() <= s.duration.start.getTime())
      throw new RangeError('The OOF duration must end after it starts');
  }
  // The replies are the user's own words: refuse what XML cannot carry rather than drop it.
  assertEncodable(s.internalReply.message, 'the internal reply');
  assertEncodable(s.externalReply.message, 'the external reply');
  if (s.declineMeetingReply) assertEncodable(s.declineMeetingReply.message, 'the decline reply');
  if (s.oofEventSubject !== undefined) assertEncodable(s.oofEventSubject, 'the OOF event subject');
  const bool = (name: string, value: boolean | undefined): XmlFragment | undefined =>
    value === undefined ? undefined : textEl(name, value ? 'true' : 'false');
  // Schema order of t:UserOofSettings (types.xsd) — a different order fails validation.
  const settings = el('t:UserOofSettings', undefined, [
    textEl('t:OofState', s.state),
    textEl('t:ExternalAudience', s.externalAudience),
    s.duration &&
      el('t:Duration', undefined, [
        textEl('t:StartTime', formatUtc(s.duration.start)),
        textEl('t:EndTime', formatUtc(s.duration.end)),
      ]),
    replyElement('t:InternalReply', s.internalReply),
    replyElement('t:ExternalReply', s.externalReply),
    s.declineMeetingReply && replyElement('t:DeclineMeetingReply', s.declineMeetingReply),
    bool('t:DeclineEventsForScheduledOOF', s.declineEventsForScheduledOof),
    bool('t:DeclineAllEventsForScheduledOOF', s.declineAllEventsForScheduledOof),
    bool('t:CreateOOFEvent', s.createOofEvent),
    optTextEl('t:OOFEventSubject', s.oofEventSubject),
    bool('t:AutoDeclineFutureRequestsWhenOOF', s.autoDeclineFutureRequestsWhenOof),
    optTextEl('t:OOFEventID', s.oofEventId),
    s.eventsToDeleteIds &&
      el(
        't:EventsToDeleteIDs',
        undefined,
        s.eventsToDeleteIds.map((id) => textEl('t:EventToDeleteID', id)),
      ),
  ]);
  return el('m:SetUserOofSettingsRequest', undefined, [
    emailAddressElement('t:Mailbox', args.mailbox),
    settings,
  ]);
}

function replyElement(name: string, reply: OofReply): XmlFragment {
  return el(name, reply.lang === undefined ? undefined : { 'xml:lang': reply.lang }, [
    textEl('t:Message', reply.message),
  ]);
}

const GET_PATH = 'Envelope/Body/GetUserOofSettingsResponse';

export function decodeGetUserOofSettingsResponse(env: DecodedEnvelope): OofSettings {
  const response = operationResponse(env.body, 'GetUserOofSettingsResponse');
  const message = child(response, 'ResponseMessage');
  if (message === undefined) throw new DecodeError('Missing ResponseMessage', GET_PATH);
  assertSuccess(message, `${GET_PATH}/ResponseMessage`);
  const node = child(response, 'OofSettings');
  if (node === undefined) throw new DecodeError('Missing OofSettings', GET_PATH);
  const path = `${GET_PATH}/OofSettings`;
  const state = readEnum(node, 'OofState', OOF_STATES, path);
  const externalAudience = readEnum(node, 'ExternalAudience', AUDIENCES, path);
  if (state === undefined) throw new DecodeError('Missing OofState', path);
  if (externalAudience === undefined) throw new DecodeError('Missing ExternalAudience', path);
  const settings: OofSettings = {
    state,
    externalAudience,
    internalReply: readReply(child(node, 'InternalReply')),
    externalReply: readReply(child(node, 'ExternalReply')),
  };
  const duration = child(node, 'Duration');
  if (duration !== undefined) settings.duration = readDuration(duration, `${path}/Duration`);
  const decline = child(node, 'DeclineMeetingReply');
  if (decline !== undefined) settings.declineMeetingReply = readReply(decline);
  const flags = {
    declineEventsForScheduledOof: readBool(node, 'DeclineEventsForScheduledOOF', path),
    declineAllEventsForScheduledOof: readBool(node, 'DeclineAllEventsForScheduledOOF', path),
    createOofEvent: readBool(node, 'CreateOOFEvent', path),
    autoDeclineFutureRequestsWhenOof: readBool(node, 'AutoDeclineFutureRequestsWhenOOF', path),
  };
  for (const [key, value] of Object.entries(flags) as [keyof typeof flags, boolean | undefined][])
    if (value !== undefined) settings[key] = value;
  // The subject is user text: keep it as written (no trim).
  const subject = child(node, 'OOFEventSubject');
  if (subject !== undefined) settings.oofEventSubject = text(subject);
  const eventId = optText(node, 'OOFEventID');
  if (eventId !== undefined) settings.oofEventId = eventId;
  const toDelete = child(node, 'EventsToDeleteIDs');
  if (toDelete !== undefined)
    settings.eventsToDeleteIds = children(toDelete, 'EventToDeleteID').map((n) => text(n).trim());
  const allow = readEnum(response, 'AllowExternalOof', AUDIENCES, GET_PATH);
  if (allow !== undefined) settings.allowExternalOof = allow;
  return settings;
}

/** `t:ReplyBody`: a missing element or Message is an empty reply (Exchange omits unset replies). */
function readReply(node: XmlNode | undefined): OofReply {
  const reply: OofReply = { message: text(child(node, 'Message')) };
  const lang = attr(node, 'lang');
  if (lang !== undefined) reply.lang = lang;
  return reply;
}

/** OOF times are UTC; an unzoned value (as in Microsoft's own example) is read as UTC too. */
function readDuration(node: XmlNode, path: string): OofDuration {
  const start = optText(node, 'StartTime');
  const end = optText(node, 'EndTime');
  if (start === undefined || end === undefined) throw new DecodeError('Incomplete Duration', path);
  return { start: parseInstant(start, path), end: parseInstant(end, path) };
}

export function decodeSetUserOofSettingsResponse(env: DecodedEnvelope): void {
  const path = 'Envelope/Body/SetUserOofSettingsResponse';
  const response = operationResponse(env.body, 'SetUserOofSettingsResponse');
  const message = child(response, 'ResponseMessage');
  // The schema makes ResponseMessage optional here; without one, the set succeeded.
  if (message !== undefined) assertSuccess(message, `${path}/ResponseMessage`);
}

export async function getUserOofSettings(
  transport: EwsTransport,
  args: GetOofArgs,
  signal?: AbortSignal,
): Promise<OofSettings> {
  const envelope = buildEnvelope(buildGetUserOofSettingsRequest(args), args.header);
  return await transport.send(
    'GetUserOofSettings',
    envelope,
    decodeGetUserOofSettingsResponse,
    signal,
  );
}

export async function setUserOofSettings(
  transport: EwsTransport,
  args: SetOofArgs,
  signal?: AbortSignal,
): Promise<void> {
  const envelope = buildEnvelope(buildSetUserOofSettingsRequest(args), args.header);
  await transport.send('SetUserOofSettings', envelope, decodeSetUserOofSettingsResponse, signal);
}
