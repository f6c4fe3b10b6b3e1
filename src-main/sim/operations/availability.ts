/** GetUserAvailability: free/busy views of up to 100 mailboxes, times in the request's zone. */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { child, childText, children, type XmlNode, type XmlObject } from '../../ews/xml/parse.js';
import { calendarInstances, type CalendarInstance } from '../calendar-view.js';
import { mergeFreeBusy } from '../free-busy.js';
import type { Mailbox, WorkingHours } from '../model.js';
import { operationElement, responseMessage, SoapFault, unknownTimeZoneFault } from '../soap.js';
import {
  DAY_NAMES,
  formatUnzoned,
  parseDateTime,
  utcToLocal,
  UTC_ZONE,
  zoneForWindowsId,
  type DayName,
  type LegacyTimeZone,
  type TimeZoneRule,
} from '../time-zone.js';
import type { OperationContext, OperationHandler } from './context.js';

export const MAX_MAILBOXES = 100;
const MAX_WINDOW_DAYS = 42;

type View = 'FreeBusy' | 'FreeBusyMerged' | 'Detailed' | 'DetailedMerged' | 'MergedOnly';

function readRule(node: XmlNode | undefined): TimeZoneRule {
  const dayOfWeek = childText(node, 'DayOfWeek') ?? 'Sunday';
  return {
    bias: Number(childText(node, 'Bias') ?? 0),
    time: childText(node, 'Time') ?? '00:00:00',
    dayOrder: Number(childText(node, 'DayOrder') ?? 0),
    month: Number(childText(node, 'Month') ?? 0),
    dayOfWeek: (DAY_NAMES as readonly string[]).includes(dayOfWeek)
      ? (dayOfWeek as DayName)
      : 'Sunday',
  };
}

/** The legacy t:TimeZone of a request (UTC when absent). */
export function readLegacyTimeZone(node: XmlNode | undefined): LegacyTimeZone {
  if (node === undefined) return UTC_ZONE;
  return {
    bias: Number(childText(node, 'Bias') ?? 0),
    standard: readRule(child(node, 'StandardTime')),
    daylight: readRule(child(node, 'DaylightTime')),
  };
}

function ruleXml(name: string, rule: TimeZoneRule): XmlFragment {
  return el(name, undefined, [
    textEl('t:Bias', rule.bias),
    textEl('t:Time', rule.time),
    textEl('t:DayOrder', rule.dayOrder),
    textEl('t:Month', rule.month),
    textEl('t:DayOfWeek', rule.dayOfWeek),
  ]);
}

export function legacyTimeZoneXml(zone: LegacyTimeZone): XmlFragment {
  return el('t:TimeZone', undefined, [
    textEl('t:Bias', zone.bias),
    ruleXml('t:StandardTime', zone.standard),
    ruleXml('t:DaylightTime', zone.daylight),
  ]);
}

function workingHoursXml(hours: WorkingHours): XmlFragment {
  return el('t:WorkingHours', undefined, [
    legacyTimeZoneXml(hours.timeZone),
    el('t:WorkingPeriodArray', undefined, [
      el('t:WorkingPeriod', undefined, [
        textEl('t:DayOfWeek', hours.days.join(' ')),
        textEl('t:StartTimeInMinutes', hours.startMinutes),
        textEl('t:EndTimeInMinutes', hours.endMinutes),
      ]),
    ]),
  ]);
}

function eventXml(
  instance: CalendarInstance,
  zone: LegacyTimeZone,
  detailed: boolean,
  ownerIsCaller: boolean,
): XmlFragment {
  const item = instance.item;
  const hidden = item.sensitivity === 'Private' && !ownerIsCaller;
  const bool = (v: boolean): string => (v ? 'true' : 'false');
  return el('t:CalendarEvent', undefined, [
    textEl('t:StartTime', formatUnzoned(utcToLocal(instance.start, zone))),
    textEl('t:EndTime', formatUnzoned(utcToLocal(instance.end, zone))),
    textEl('t:BusyType', item.freeBusy),
    detailed
      ? el('t:CalendarEventDetails', undefined, [
          hidden ? undefined : textEl('t:ID', instance.id),
          hidden ? undefined : textEl('t:Subject', instance.subject),
          hidden ? undefined : textEl('t:Location', instance.location),
          textEl('t:IsMeeting', bool(item.isMeeting)),
          textEl('t:IsRecurring', bool(item.recurrence !== undefined)),
          textEl('t:IsException', bool(instance.kind === 'Exception')),
          textEl('t:IsReminderSet', bool(item.reminderIsSet)),
          textEl('t:IsPrivate', bool(item.sensitivity === 'Private')),
        ])
      : undefined,
  ]);
}

function errorResponse(code: string, message: string): XmlFragment {
  return el('m:FreeBusyResponse', undefined, [
    responseMessage('ResponseMessage', 'Error', code, [], message),
    el('m:FreeBusyView', undefined, textEl('t:FreeBusyViewType', 'None')),
  ]);
}

interface ViewRequest {
  zone: LegacyTimeZone;
  start: number;
  end: number;
  interval: number;
  view: View;
}

function mailboxView(mailbox: Mailbox, caller: Mailbox, request: ViewRequest): XmlFragment {
  const { zone, start, end, interval, view } = request;
  const instances = calendarInstances(mailbox.calendar, { start, end }).filter(
    (i) => !i.item.isCancelled,
  );
  const merged = view === 'FreeBusyMerged' || view === 'DetailedMerged' || view === 'MergedOnly';
  const detailed = view === 'Detailed' || view === 'DetailedMerged';
  const owner = mailbox === caller;
  return el('m:FreeBusyResponse', undefined, [
    responseMessage('ResponseMessage', 'Success', 'NoError'),
    el('m:FreeBusyView', undefined, [
      textEl('t:FreeBusyViewType', view),
      merged
        ? textEl(
            't:MergedFreeBusy',
            mergeFreeBusy(
              instances.map((i) => ({ start: i.start, end: i.end, busyType: i.item.freeBusy })),
              start,
              end,
              interval,
            ),
          )
        : undefined,
      view === 'MergedOnly' || instances.length === 0
        ? undefined
        : el(
            't:CalendarEventArray',
            undefined,
            instances.map((i) => eventXml(i, zone, detailed, owner)),
          ),
      workingHoursXml(mailbox.workingHours),
    ]),
  ]);
}

/**
 * The request's zone: its t:TimeZone, else (Exchange 2010 and later) the TimeZoneContext header.
 * An id we do not know is refused the way Exchange refuses it.
 */
function requestZone(context: OperationContext, request: XmlObject): LegacyTimeZone {
  const body = child(request, 'TimeZone');
  if (body !== undefined || context.timeZoneId === undefined) return readLegacyTimeZone(body);
  const zone = zoneForWindowsId(context.timeZoneId, context.now().getTime());
  if (!zone) throw unknownTimeZoneFault();
  return zone;
}

export const getUserAvailability: OperationHandler = (context, request) => {
  const zone = requestZone(context, request);
  const mailboxes = children(child(request, 'MailboxDataArray'), 'MailboxData');
  if (mailboxes.length > MAX_MAILBOXES) {
    throw new SoapFault(
      'ErrorMailboxDataArrayTooBig',
      `The MailboxData array has ${mailboxes.length} elements; at most ${MAX_MAILBOXES} are allowed.`,
    );
  }
  const options = child(request, 'FreeBusyViewOptions');
  const window = child(options, 'TimeWindow');
  const start = parseDateTime(childText(window, 'StartTime') ?? '', zone);
  const end = parseDateTime(childText(window, 'EndTime') ?? '', zone);
  if (start === undefined || end === undefined || end <= start) {
    throw new SoapFault('ErrorInvalidTimeInterval', 'The time interval is invalid.');
  }
  if (end - start > MAX_WINDOW_DAYS * 86_400_000) {
    throw new SoapFault(
      'ErrorTimeIntervalTooBig',
      `The time window exceeds the maximum of ${MAX_WINDOW_DAYS} days.`,
    );
  }
  const interval = Number(childText(options, 'MergedFreeBusyIntervalInMinutes') ?? 30);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw new SoapFault(
      'ErrorInvalidMergedFreeBusyInterval',
      'MergedFreeBusyIntervalInMinutes must be between 5 and 1440.',
    );
  }
  const view = (childText(options, 'RequestedView') ?? 'FreeBusy') as View | 'None';
  if (view === 'None') {
    throw new SoapFault('ErrorInvalidFreeBusyViewType', 'The requested view type is invalid.');
  }
  const responses = mailboxes.map((data) => {
    const address = childText(child(data, 'Email'), 'Address') ?? '';
    const mailbox = context.store.find(address);
    if (!mailbox) {
      return errorResponse(
        'ErrorMailRecipientNotFound',
        `Unable to resolve e-mail address ${address} to an Active Directory object.`,
      );
    }
    if (!mailbox.freeBusyShared && mailbox !== context.user) {
      return errorResponse(
        'ErrorNoFreeBusyAccess',
        `Microsoft.Exchange.InfoWorker.Common.Availability.NoFreeBusyAccessException: You don't have access to the free/busy information of ${mailbox.email}.`,
      );
    }
    return mailboxView(mailbox, context.user, { zone, start, end, interval, view });
  });
  return operationElement('GetUserAvailabilityResponse', {}, [
    el('m:FreeBusyResponseArray', undefined, responses),
  ]);
};
