/**
 * The admin API (JSON, loopback only; see the README): reset and seed, calendar changes, OOF,
 * working hours, voicemail drop-in, conversation history, the request log and fault injection.
 */
import { z } from 'zod';
import { CLIP_OF_FORMAT, CLIPS, VOICEMAIL_FORMATS, type ClipName } from './audio.js';
import { calendarInstances } from './calendar-view.js';
import { newCalendarItem, newVoicemail, type CalendarItemInput } from './factory.js';
import { clientPresenceSchema, presenceReport, setClientPresence } from './graph/presence-admin.js';
import { FAULT_KINDS, GRAPH_FAULT_KINDS, type FaultKind } from './faults.js';
import { deltaStoreOf } from './graph/delta-store.js';
import {
  decodeId,
  inFolder,
  type CalendarItem,
  type Mailbox,
  type MessageItem,
  type OofSettings,
} from './model.js';
import { occurrenceStarts, type Recurrence } from './recurrence.js';
import type { SimulatorState } from './state.js';
import {
  DAY_NAMES,
  EASTERN_ZONE,
  formatUtc,
  INDIA_ZONE,
  PACIFIC_ZONE,
  UTC_ZONE,
  WEST_EUROPE_ZONE,
  type LegacyTimeZone,
} from './time-zone.js';

export interface AdminReply {
  status: number;
  body: unknown;
}

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 date-time');
const ms = (s: string): number => Date.parse(s);

const personSchema = z.object({ name: z.string(), email: z.string() });
const busy = z.enum(['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData']);
const dayName = z.enum(DAY_NAMES);

const calendarSchema = z.object({
  subject: z.string(),
  start: instant,
  end: instant,
  location: z.string().optional(),
  body: z.string().optional(),
  isAllDay: z.boolean().optional(),
  freeBusy: busy.optional(),
  sensitivity: z.enum(['Normal', 'Personal', 'Private', 'Confidential']).optional(),
  organizer: personSchema.optional(),
  attendees: z.array(z.string()).optional(),
  myResponseType: z
    .enum(['Unknown', 'Organizer', 'Tentative', 'Accept', 'Decline', 'NoResponseReceived'])
    .optional(),
  isCancelled: z.boolean().optional(),
  reminderMinutesBeforeStart: z.number().int().min(0).optional(),
  joinOnlineMeetingUrl: z.string().optional(),
  recurrence: z
    .object({
      type: z.enum(['daily', 'weekly']),
      interval: z.number().int().min(1).default(1),
      daysOfWeek: z.array(dayName).optional(),
      numberOfOccurrences: z.number().int().min(1).optional(),
      endDate: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .optional(),
});

const moveSchema = z.object({ start: instant, end: instant });

const replySchema = z.object({ message: z.string(), lang: z.string().optional() });
const oofSchema = z.object({
  state: z.enum(['Disabled', 'Enabled', 'Scheduled']),
  externalAudience: z.enum(['None', 'Known', 'All']).default('All'),
  start: instant.optional(),
  end: instant.optional(),
  internalReply: z.union([z.string(), replySchema]).optional(),
  externalReply: z.union([z.string(), replySchema]).optional(),
});

const ZONES: Record<string, LegacyTimeZone> = {
  utc: UTC_ZONE,
  pacific: PACIFIC_ZONE,
  eastern: EASTERN_ZONE,
  'west-europe': WEST_EUROPE_ZONE,
  india: INDIA_ZONE,
};

const ruleSchema = z.object({
  bias: z.number().int(),
  time: z.string().regex(/^\d{2}:\d{2}:\d{2}$/),
  dayOrder: z.number().int().min(0).max(5),
  month: z.number().int().min(0).max(12),
  dayOfWeek: dayName,
});
const workingHoursSchema = z.object({
  timeZone: z
    .union([
      z.enum(['utc', 'pacific', 'eastern', 'west-europe', 'india']),
      z.object({ bias: z.number().int(), standard: ruleSchema, daylight: ruleSchema }),
    ])
    .optional(),
  days: z.array(dayName).optional(),
  startMinutes: z.number().int().min(0).max(1440).optional(),
  endMinutes: z.number().int().min(0).max(1440).optional(),
});

/** The largest attachment the drop-in makes (repeating the given bytes up to `sizeBytes`). */
export const MAX_DROPPED_AUDIO_BYTES = 64 * 1024 * 1024;
/** Base64 that fits in the admin API's 10 MB request body. */
const MAX_BASE64_LENGTH = 9 * 1024 * 1024;

const rawAudioSchema = z
  .object({
    base64: z
      .string()
      .max(MAX_BASE64_LENGTH)
      .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'standard base64'),
    contentType: z.string().min(1).max(200),
    fileName: z.string().min(1).max(255).optional(),
    /** Repeats the bytes up to this size: a large attachment without a large request. */
    sizeBytes: z.number().int().min(1).max(MAX_DROPPED_AUDIO_BYTES).optional(),
  })
  .refine((a) => a.sizeBytes === undefined || a.base64 !== '', {
    error: 'sizeBytes repeats the given bytes: give at least one',
  });

const voicemailSchema = z
  .object({
    callerName: z.string(),
    callerNumber: z.string(),
    clip: z.enum(Object.keys(CLIPS) as [ClipName, ...ClipName[]]).optional(),
    /** The committed clip of one UM audio format. */
    format: z.enum(VOICEMAIL_FORMATS).optional(),
    audio: rawAudioSchema.optional(),
    protected: z.boolean().optional(),
    durationSeconds: z.number().int().min(0).max(86_400).optional(),
    transcript: z.string().optional(),
    received: instant.optional(),
    isRead: z.boolean().optional(),
    itemClass: z.string().optional(),
  })
  .refine(
    (v) =>
      [v.clip, v.format, v.audio, v.protected === true ? true : undefined].filter(
        (x) => x !== undefined,
      ).length <= 1,
    { error: 'give one of clip, format, audio or protected' },
  );

function droppedAudio(
  audio: z.infer<typeof rawAudioSchema>,
): NonNullable<Parameters<typeof newVoicemail>[2]['audio']> {
  const given = Buffer.from(audio.base64, 'base64');
  const content = audio.sizeBytes === undefined ? given : Buffer.alloc(audio.sizeBytes).fill(given);
  return {
    content,
    contentType: audio.contentType,
    ...(audio.fileName === undefined ? {} : { fileName: audio.fileName }),
  };
}

const faultSchema = z
  .object({
    operation: z.string().min(1).default('*'),
    kind: z.enum(FAULT_KINDS as [string, ...string[]]),
    face: z.enum(['ews', 'graph']).optional(),
    mailbox: z.string().min(1).max(320).optional(),
    count: z.number().int().min(1).default(1),
    backOffMs: z.number().int().min(0).optional(),
    status: z
      .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
      .optional(),
    // Graph's own sample says 2.128: fractions are allowed.
    retryAfterSeconds: z.number().min(0).optional(),
    delayMs: z.number().int().min(0).optional(),
    policy: z.string().min(1).max(200).optional(),
  })
  .refine((f) => f.face === 'graph' || f.mailbox === undefined, {
    error: 'mailbox limits Graph faults only: give face "graph"',
  })
  .refine((f) => f.face === 'graph' || f.kind !== 'invalid-delta-token', {
    error: 'invalid-delta-token is a Graph fault: give face "graph"',
  })
  .refine((f) => f.face !== 'graph' || GRAPH_FAULT_KINDS.includes(f.kind as FaultKind), {
    error: `the Graph face takes the faults ${GRAPH_FAULT_KINDS.join(', ')}`,
  });

const resetSchema = z.object({ seed: z.enum(['demo', 'empty']).optional() });

/** A mailbox's new display name (a user renamed in the directory, in any script). */
const displayNameSchema = z.strictObject({ displayName: z.string().trim().min(1).max(256) });

function calendarJson(item: CalendarItem): Record<string, unknown> {
  return {
    id: item.id,
    changeKey: item.changeKey,
    subject: item.subject,
    start: formatUtc(item.start),
    end: formatUtc(item.end),
    location: item.location,
    isAllDay: item.isAllDay,
    freeBusy: item.freeBusy,
    sensitivity: item.sensitivity,
    isMeeting: item.isMeeting,
    isCancelled: item.isCancelled,
    isRecurring: item.recurrence !== undefined,
    organizer: item.organizer,
    myResponseType: item.myResponseType,
    joinOnlineMeetingUrl: item.joinOnlineMeetingUrl ?? null,
  };
}

function messageJson(m: MessageItem): Record<string, unknown> {
  return {
    id: m.id,
    changeKey: m.changeKey,
    folder: m.folder,
    itemClass: m.itemClass,
    subject: m.subject,
    body: m.body.text,
    bodyType: m.body.type,
    from: m.from ?? null,
    to: m.to,
    received: formatUtc(m.received),
    isRead: m.isRead,
    // Graph creates a message in a folder as a draft unless its flags say otherwise.
    isDraft: m.isDraft === true,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      contentType: a.contentType,
      size: a.content.length,
    })),
  };
}

function oofJson(oof: OofSettings): Record<string, unknown> {
  return {
    state: oof.state,
    externalAudience: oof.externalAudience,
    start: oof.duration ? formatUtc(oof.duration.start) : null,
    end: oof.duration ? formatUtc(oof.duration.end) : null,
    internalReply: oof.internalReply?.message ?? '',
    externalReply: oof.externalReply?.message ?? '',
  };
}

const ok = (body: unknown, status = 200): AdminReply => ({ status, body });
const fail = (status: number, error: string): AdminReply => ({ status, body: { error } });

function parse<T>(schema: z.ZodType<T>, body: unknown): { value: T } | { reply: AdminReply } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { value: result.data };
  return { reply: fail(400, z.prettifyError(result.error)) };
}

function toRecurrence(
  input: NonNullable<z.infer<typeof calendarSchema>['recurrence']>,
  zone: LegacyTimeZone,
  start: number,
): Recurrence {
  const range: Recurrence['range'] = {};
  if (input.numberOfOccurrences !== undefined)
    range.numberOfOccurrences = input.numberOfOccurrences;
  if (input.endDate !== undefined) range.endDate = input.endDate;
  const pattern: Recurrence['pattern'] =
    input.type === 'daily'
      ? { type: 'daily', interval: input.interval }
      : {
          type: 'weekly',
          interval: input.interval,
          daysOfWeek: input.daysOfWeek ?? [DAY_NAMES[new Date(start).getUTCDay()] ?? 'Monday'],
        };
  return { pattern, range, timeZone: zone, deletedOccurrences: [], modifiedOccurrences: new Map() };
}

function addCalendarItem(state: SimulatorState, mailbox: Mailbox, body: unknown): AdminReply {
  const parsed = parse(calendarSchema, body);
  if ('reply' in parsed) return parsed.reply;
  const v = parsed.value;
  const start = ms(v.start);
  const end = ms(v.end);
  if (end < start) return fail(400, 'end is before start');
  const attendees = (v.attendees ?? []).map((email) => {
    const known = state.store.find(email);
    return { name: known?.displayName ?? email, email, response: 'NoResponseReceived' as const };
  });
  const input: CalendarItemInput = { subject: v.subject, start, end, requiredAttendees: attendees };
  if (v.location !== undefined) input.location = v.location;
  if (v.body !== undefined) input.body = v.body;
  if (v.isAllDay !== undefined) input.isAllDay = v.isAllDay;
  if (v.freeBusy !== undefined) input.freeBusy = v.freeBusy;
  if (v.sensitivity !== undefined) input.sensitivity = v.sensitivity;
  if (v.organizer !== undefined) input.organizer = v.organizer;
  if (v.myResponseType !== undefined) input.myResponseType = v.myResponseType;
  if (v.isCancelled !== undefined) input.isCancelled = v.isCancelled;
  if (v.reminderMinutesBeforeStart !== undefined) {
    input.reminderMinutesBeforeStart = v.reminderMinutesBeforeStart;
  }
  if (v.joinOnlineMeetingUrl !== undefined) input.joinOnlineMeetingUrl = v.joinOnlineMeetingUrl;
  if (v.recurrence)
    input.recurrence = toRecurrence(v.recurrence, mailbox.workingHours.timeZone, start);
  const item = newCalendarItem(state.store, mailbox, input, state.now().getTime());
  return ok(calendarJson(item), 201);
}

/** The series and original start of an occurrence id, or the item itself. */
function locate(
  mailbox: Mailbox,
  id: string,
): { item: CalendarItem; originalStart?: number } | undefined {
  const decoded = decodeId(id);
  if (decoded?.kind === 'occurrence') {
    const item = mailbox.calendar.find((c) => c.id === decoded.masterId);
    if (!item?.recurrence) return undefined;
    const originalStart = occurrenceStarts(item.start, item.recurrence, Infinity)[
      decoded.index - 1
    ];
    return originalStart === undefined ? undefined : { item, originalStart };
  }
  const item = mailbox.calendar.find((c) => c.id === id);
  return item ? { item } : undefined;
}

function moveItem(state: SimulatorState, mailbox: Mailbox, id: string, body: unknown): AdminReply {
  const parsed = parse(moveSchema, body);
  if ('reply' in parsed) return parsed.reply;
  const found = locate(mailbox, id);
  if (!found) return fail(404, `no calendar item ${id}`);
  const start = ms(parsed.value.start);
  const end = ms(parsed.value.end);
  const { item, originalStart } = found;
  if (originalStart !== undefined && item.recurrence) {
    const overrides = new Map(item.recurrence.modifiedOccurrences);
    overrides.set(originalStart, { ...overrides.get(originalStart), start, end });
    item.recurrence = { ...item.recurrence, modifiedOccurrences: overrides };
  } else {
    item.start = start;
    item.end = end;
  }
  item.changeKey = state.store.newChangeKey();
  return ok({ ...calendarJson(item), id, start: formatUtc(start), end: formatUtc(end) });
}

function cancelItem(state: SimulatorState, mailbox: Mailbox, id: string): AdminReply {
  const found = locate(mailbox, id);
  if (!found) return fail(404, `no calendar item ${id}`);
  const { item, originalStart } = found;
  if (originalStart !== undefined && item.recurrence) {
    item.recurrence.deletedOccurrences.push(originalStart);
  } else {
    // What an attendee's calendar shows after the organizer cancels.
    item.isCancelled = true;
    item.freeBusy = 'Free';
    if (!item.subject.startsWith('Canceled: ')) item.subject = `Canceled: ${item.subject}`;
  }
  item.changeKey = state.store.newChangeKey();
  return ok({ ...calendarJson(item), id });
}

function setOof(mailbox: Mailbox, body: unknown): AdminReply {
  const parsed = parse(oofSchema, body);
  if ('reply' in parsed) return parsed.reply;
  const v = parsed.value;
  const reply = (r: string | { message: string; lang?: string | undefined } | undefined) =>
    r === undefined
      ? undefined
      : typeof r === 'string'
        ? { message: r, lang: 'en-US' }
        : { message: r.message, lang: r.lang ?? 'en-US' };
  const next: OofSettings = {
    ...mailbox.oof,
    state: v.state,
    externalAudience: v.externalAudience,
  };
  if (v.start !== undefined && v.end !== undefined)
    next.duration = { start: ms(v.start), end: ms(v.end) };
  if (v.state === 'Scheduled' && !next.duration) return fail(400, 'Scheduled needs start and end');
  const internal = reply(v.internalReply);
  const external = reply(v.externalReply);
  if (internal) next.internalReply = internal;
  if (external) next.externalReply = external;
  mailbox.oof = next;
  return ok(oofJson(next));
}

function setWorkingHours(mailbox: Mailbox, body: unknown): AdminReply {
  const parsed = parse(workingHoursSchema, body);
  if ('reply' in parsed) return parsed.reply;
  const v = parsed.value;
  const hours = { ...mailbox.workingHours };
  if (v.timeZone !== undefined) {
    hours.timeZone = typeof v.timeZone === 'string' ? (ZONES[v.timeZone] ?? UTC_ZONE) : v.timeZone;
  }
  if (v.days !== undefined) hours.days = v.days;
  if (v.startMinutes !== undefined) hours.startMinutes = v.startMinutes;
  if (v.endMinutes !== undefined) hours.endMinutes = v.endMinutes;
  if (hours.endMinutes <= hours.startMinutes)
    return fail(400, 'endMinutes must be after startMinutes');
  mailbox.workingHours = hours;
  return ok(hours);
}

function dropVoicemail(state: SimulatorState, mailbox: Mailbox, body: unknown): AdminReply {
  const parsed = parse(voicemailSchema, body);
  if ('reply' in parsed) return parsed.reply;
  const v = parsed.value;
  const message = newVoicemail(state.store, mailbox, {
    callerName: v.callerName,
    callerNumber: v.callerNumber,
    clip: v.clip ?? (v.format === undefined ? 'megan' : CLIP_OF_FORMAT[v.format]),
    received: v.received === undefined ? state.now().getTime() : ms(v.received),
    isRead: v.isRead ?? false,
    ...(v.audio === undefined ? {} : { audio: droppedAudio(v.audio) }),
    ...(v.protected === undefined ? {} : { protected: v.protected }),
    ...(v.durationSeconds === undefined ? {} : { durationSeconds: v.durationSeconds }),
    ...(v.transcript === undefined ? {} : { transcript: v.transcript }),
    ...(v.itemClass === undefined ? {} : { itemClass: v.itemClass }),
  });
  return ok(messageJson(message), 201);
}

function listCalendar(mailbox: Mailbox, query: URLSearchParams): AdminReply {
  const start = query.get('start');
  const end = query.get('end');
  if (start === null || end === null) return ok(mailbox.calendar.map(calendarJson));
  const window = { start: Date.parse(start), end: Date.parse(end) };
  if (Number.isNaN(window.start) || Number.isNaN(window.end)) return fail(400, 'bad start/end');
  return ok(
    calendarInstances(mailbox.calendar, window).map((i) => ({
      ...calendarJson(i.item),
      id: i.id,
      seriesId: i.item.recurrence ? i.item.id : null,
      kind: i.kind,
      subject: i.subject,
      start: formatUtc(i.start),
      end: formatUtc(i.end),
    })),
  );
}

function mailboxRoute(
  state: SimulatorState,
  method: string,
  rest: string[],
  query: URLSearchParams,
  body: unknown,
): AdminReply {
  const [email = '', resource, id, action] = rest;
  const mailbox = state.store.find(decodeURIComponent(email));
  if (!mailbox) return fail(404, `no mailbox ${email}`);
  const route = `${method} ${resource ?? ''}${id === undefined ? '' : '/:id'}${action === undefined ? '' : `/${action}`}`;
  const itemId = decodeURIComponent(id ?? '');
  switch (route) {
    case 'GET calendar':
      return listCalendar(mailbox, query);
    case 'POST calendar':
      return addCalendarItem(state, mailbox, body);
    case 'POST calendar/:id/move':
      return moveItem(state, mailbox, itemId, body);
    case 'POST calendar/:id/cancel':
      return cancelItem(state, mailbox, itemId);
    case 'GET oof':
      return ok(oofJson(mailbox.oof));
    case 'PUT oof':
      return setOof(mailbox, body);
    case 'GET working-hours':
      return ok(mailbox.workingHours);
    case 'PUT working-hours':
      return setWorkingHours(mailbox, body);
    case 'GET voicemail':
      return ok(mailbox.messages.filter((m) => inFolder(m, 'voicemail')).map(messageJson));
    case 'POST voicemail':
      return dropVoicemail(state, mailbox, body);
    case 'GET conversation-history':
      return ok(
        mailbox.messages
          .filter((m) => m.folder === 'conversationhistory')
          .sort((a, b) => a.received - b.received)
          .map(messageJson),
      );
    case 'GET presence':
      return ok(presenceReport(mailbox, state.now().getTime()));
    case 'PUT presence': {
      const parsed = parse(clientPresenceSchema, body);
      if ('reply' in parsed) return parsed.reply;
      setClientPresence(mailbox, parsed.value);
      return ok(presenceReport(mailbox, state.now().getTime()));
    }
    case 'DELETE presence':
      setClientPresence(mailbox, undefined);
      return ok(presenceReport(mailbox, state.now().getTime()));
    case 'DELETE conversation-history':
      // A mailbox whose Conversation History folder no client has made yet (the Graph face).
      mailbox.messages = mailbox.messages.filter((m) => m.folder !== 'conversationhistory');
      mailbox.absentFolders = [
        ...(mailbox.absentFolders ?? []).filter((f) => f !== 'conversationhistory'),
        'conversationhistory',
      ];
      return ok({ removed: true });
    case 'GET messages':
      return ok(mailbox.messages.map(messageJson));
    case 'PUT display-name': {
      const parsed = parse(displayNameSchema, body);
      if ('reply' in parsed) return parsed.reply;
      mailbox.displayName = parsed.value.displayName;
      return ok({ email: mailbox.email, displayName: mailbox.displayName });
    }
    default:
      return fail(404, `no admin route ${method} /admin/mailboxes/${rest.join('/')}`);
  }
}

/** Answers /admin/...; `path` is the part after /admin. */
export function answerAdmin(
  state: SimulatorState,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): AdminReply {
  const parts = path.split('/').filter((p) => p !== '');
  const [head, ...rest] = parts;
  switch (`${method} ${head ?? ''}`) {
    case 'POST reset': {
      const parsed = parse(resetSchema, body);
      if ('reply' in parsed) return parsed.reply;
      state.reset(parsed.value.seed ?? state.seed);
      return ok({ seed: state.seed, mailboxes: state.store.mailboxes.size });
    }
    case 'GET users':
      return ok(
        state.store.credentials.map((c) => ({
          email: c.email,
          displayName: state.store.find(c.email)?.displayName ?? c.email,
          password: c.password,
          token: c.token,
        })),
      );
    case 'GET directory':
      return ok(
        state.store.all().map((m) => ({
          email: m.email,
          displayName: m.displayName,
          voicemailEnabled: m.voicemailEnabled,
          freeBusyShared: m.freeBusyShared,
          oofState: m.oof.state,
        })),
      );
    case 'GET requests':
      return ok(state.log);
    case 'DELETE requests':
      state.log = [];
      return ok({ cleared: true });
    case 'GET violations':
      return ok(state.graphViolations);
    case 'DELETE violations':
      state.graphViolations = [];
      return ok({ cleared: true });
    case 'GET faults':
      return ok(state.faults.list());
    case 'POST faults': {
      const parsed = parse(faultSchema, body);
      if ('reply' in parsed) return parsed.reply;
      const fault = parsed.value as Parameters<typeof state.faults.add>[0];
      state.faults.add(fault);
      return ok(state.faults.list(), 201);
    }
    case 'DELETE faults':
      state.faults.clear();
      return ok({ cleared: true });
    case 'DELETE graph-delta-tokens':
      // Graph's delta tokens live in a cache that evicts them: every holder then gets 410.
      return ok({ expired: deltaStoreOf(state.store).clear() });
    default:
      if (head === 'mailboxes') return mailboxRoute(state, method, rest, query, body);
      return fail(404, `no admin route ${method} /admin/${parts.join('/')}`);
  }
}
