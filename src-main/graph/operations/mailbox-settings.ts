/**
 * Mailbox settings: everything at once, the automatic replies (read and PATCH without losing a
 * field), the working hours (with a custom time zone's rules) and the mailbox time zone.
 * Enums are read in any case (the docs print "Scheduled", "All", "Monday") and written in the
 * CSDL's camelCase; a value this library does not know reads as 'unknown' and is never written.
 */
import type * as Graph from '@microsoft/microsoft-graph-types';
import { z } from 'zod';
import type { GraphRequester } from '../requester.js';
import {
  compact,
  dateTimeTimeZoneSchema,
  lenientEnum,
  opt,
  timeOfDayString,
  type DateTimeTimeZone,
  type Unknown,
} from './common.js';

export const AUTOMATIC_REPLIES_STATUSES = ['disabled', 'alwaysEnabled', 'scheduled'] as const;
export const EXTERNAL_AUDIENCES = ['none', 'contactsOnly', 'all'] as const;
export const DAYS_OF_WEEK = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export const USER_PURPOSES = ['user', 'linked', 'shared', 'room', 'equipment', 'others'] as const;
export const DELEGATE_MEETING_DELIVERY = [
  'sendToDelegateAndInformationToPrincipal',
  'sendToDelegateAndPrincipal',
  'sendToDelegateOnly',
] as const;

export type AutomaticRepliesStatus = (typeof AUTOMATIC_REPLIES_STATUSES)[number];
export type ExternalAudience = (typeof EXTERNAL_AUDIENCES)[number];
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** Graph's automaticRepliesSetting. Every field the server sent is kept; the reply texts are HTML (untrusted). */
export interface AutomaticRepliesSetting {
  status?: AutomaticRepliesStatus | Unknown;
  externalAudience?: ExternalAudience | Unknown;
  /** Only meaningful when status is scheduled; the server keeps and returns the last window anyway. */
  scheduledStartDateTime?: DateTimeTimeZone;
  scheduledEndDateTime?: DateTimeTimeZone;
  internalReplyMessage?: string;
  externalReplyMessage?: string;
}

export const automaticRepliesSettingSchema: z.ZodType<AutomaticRepliesSetting> = z
  .object({
    status: opt(lenientEnum(AUTOMATIC_REPLIES_STATUSES)),
    externalAudience: opt(lenientEnum(EXTERNAL_AUDIENCES)),
    scheduledStartDateTime: opt(dateTimeTimeZoneSchema),
    scheduledEndDateTime: opt(dateTimeTimeZoneSchema),
    internalReplyMessage: opt(z.string()),
    externalReplyMessage: opt(z.string()),
  })
  .transform(compact);

/** A rule of a custom time zone: the `dayOccurrence`-th `dayOfWeek` of `month`, at `time`. */
export interface TimeZoneTransition {
  time?: string;
  dayOccurrence?: number;
  dayOfWeek?: DayOfWeek | Unknown;
  month?: number;
  /** 0 means every year. */
  year?: number;
}

export interface DaylightTransition extends TimeZoneTransition {
  /** Minutes added to `bias` while daylight time is on. */
  daylightBias?: number;
}

/** A time zone by name (Windows or IANA), or a custom one with its own bias and transitions. */
export type WorkingHoursTimeZone =
  | { kind: 'named'; name?: string }
  | {
      kind: 'custom';
      name?: string;
      /** Minutes from UTC, UTC = local + bias (e.g. 480 for Pacific standard time). */
      bias?: number;
      standardOffset?: TimeZoneTransition;
      daylightOffset?: DaylightTransition;
    };

const transitionFields = {
  time: opt(timeOfDayString),
  dayOccurrence: opt(z.number().int()),
  dayOfWeek: opt(lenientEnum(DAYS_OF_WEEK)),
  month: opt(z.number().int()),
  year: opt(z.number().int()),
};

const standardOffsetSchema: z.ZodType<TimeZoneTransition> = z
  .object(transitionFields)
  .transform(compact);
const daylightOffsetSchema: z.ZodType<DaylightTransition> = z
  .object({ ...transitionFields, daylightBias: opt(z.number().int()) })
  .transform(compact);

export const workingHoursTimeZoneSchema: z.ZodType<WorkingHoursTimeZone> = z
  .object({
    '@odata.type': opt(z.string()),
    name: opt(z.string()),
    bias: opt(z.number().int()),
    standardOffset: opt(standardOffsetSchema),
    daylightOffset: opt(daylightOffsetSchema),
  })
  .transform((tz): WorkingHoursTimeZone => {
    const custom =
      (tz['@odata.type'] ?? '').toLowerCase().endsWith('customtimezone') ||
      tz.bias !== undefined ||
      tz.standardOffset !== undefined ||
      tz.daylightOffset !== undefined;
    if (!custom) return compact({ kind: 'named' as const, name: tz.name });
    return compact({
      kind: 'custom' as const,
      name: tz.name,
      bias: tz.bias,
      standardOffset: tz.standardOffset,
      daylightOffset: tz.daylightOffset,
    });
  });

export interface WorkingHours {
  daysOfWeek?: (DayOfWeek | Unknown)[];
  /** "08:00:00.0000000", read in `timeZone`. */
  startTime?: string;
  endTime?: string;
  timeZone?: WorkingHoursTimeZone;
}

export const workingHoursSchema: z.ZodType<WorkingHours> = z
  .object({
    daysOfWeek: opt(z.array(lenientEnum(DAYS_OF_WEEK))),
    startTime: opt(timeOfDayString),
    endTime: opt(timeOfDayString),
    timeZone: opt(workingHoursTimeZoneSchema),
  })
  .transform(compact);

export interface LocaleInfo {
  locale?: string;
  displayName?: string;
}

export interface MailboxSettings {
  automaticRepliesSetting?: AutomaticRepliesSetting;
  workingHours?: WorkingHours;
  /** The mailbox's time zone, Windows ("Pacific Standard Time") or IANA name. */
  timeZone?: string;
  language?: LocaleInfo;
  dateFormat?: string;
  timeFormat?: string;
  /** The CSDL types it as an enum string; one docs example writes {"value": "user"}: both read. */
  userPurpose?: (typeof USER_PURPOSES)[number] | Unknown;
  delegateMeetingMessageDeliveryOptions?: (typeof DELEGATE_MEETING_DELIVERY)[number] | Unknown;
  archiveFolder?: string;
}

const userPurposeSchema = z
  .union([z.string(), z.object({ value: z.string() }).transform((o) => o.value)])
  .pipe(lenientEnum(USER_PURPOSES));

export const mailboxSettingsSchema: z.ZodType<MailboxSettings> = z
  .object({
    automaticRepliesSetting: opt(automaticRepliesSettingSchema),
    workingHours: opt(workingHoursSchema),
    timeZone: opt(z.string()),
    language: opt(
      z.object({ locale: opt(z.string()), displayName: opt(z.string()) }).transform(compact),
    ),
    dateFormat: opt(z.string()),
    timeFormat: opt(z.string()),
    userPurpose: opt(userPurposeSchema),
    delegateMeetingMessageDeliveryOptions: opt(lenientEnum(DELEGATE_MEETING_DELIVERY)),
    archiveFolder: opt(z.string()),
  })
  .transform(compact);

/** A single property's GET (`/me/mailboxSettings/timeZone`, `/userPurpose`) answers {"value": …}. */
export const singleValueSchema = z.object({ value: z.string() }).transform((o) => o.value);

export function getMailboxSettings(graph: GraphRequester): Promise<MailboxSettings> {
  return graph.json({ method: 'GET', path: '/me/mailboxSettings' }, mailboxSettingsSchema);
}

export function getAutomaticReplies(graph: GraphRequester): Promise<AutomaticRepliesSetting> {
  return graph.json(
    { method: 'GET', path: '/me/mailboxSettings/automaticRepliesSetting' },
    automaticRepliesSettingSchema,
  );
}

export function getWorkingHours(graph: GraphRequester): Promise<WorkingHours> {
  return graph.json(
    { method: 'GET', path: '/me/mailboxSettings/workingHours' },
    workingHoursSchema,
  );
}

/** The mailbox time zone: GET /me/mailboxSettings/timeZone answers {"value": "…"}. */
export function getMailboxTimeZone(graph: GraphRequester): Promise<string> {
  return graph.json({ method: 'GET', path: '/me/mailboxSettings/timeZone' }, singleValueSchema);
}

/**
 * The automaticRepliesSetting object of a PATCH body: every field the setting holds, enums in
 * the CSDL's camelCase. An 'unknown' enum is left out, so the PATCH keeps the server's value
 * (PATCH is partial: "existing properties that are not included … maintain their previous values").
 */
export function buildAutomaticRepliesBody(
  setting: AutomaticRepliesSetting,
): Graph.AutomaticRepliesSetting {
  const body: Graph.AutomaticRepliesSetting = {};
  if (setting.status !== undefined && setting.status !== 'unknown') body.status = setting.status;
  if (setting.externalAudience !== undefined && setting.externalAudience !== 'unknown')
    body.externalAudience = setting.externalAudience;
  if (setting.scheduledStartDateTime)
    body.scheduledStartDateTime = { ...setting.scheduledStartDateTime };
  if (setting.scheduledEndDateTime) body.scheduledEndDateTime = { ...setting.scheduledEndDateTime };
  if (setting.internalReplyMessage !== undefined)
    body.internalReplyMessage = setting.internalReplyMessage;
  if (setting.externalReplyMessage !== undefined)
    body.externalReplyMessage = setting.externalReplyMessage;
  return body;
}

const patchAnswerSchema = z.union([mailboxSettingsSchema, z.undefined()]);

/**
 * PATCH /me/mailboxSettings with the automatic replies. Returns the setting as the server echoes
 * it (the docs show 200 with the settings); a 204 without a body returns what was sent.
 */
export async function setAutomaticReplies(
  graph: GraphRequester,
  setting: AutomaticRepliesSetting,
): Promise<AutomaticRepliesSetting> {
  const body: Graph.MailboxSettings = {
    automaticRepliesSetting: buildAutomaticRepliesBody(setting),
  };
  const answer = await graph.json(
    { method: 'PATCH', path: '/me/mailboxSettings', body },
    patchAnswerSchema,
  );
  return answer?.automaticRepliesSetting ?? setting;
}
