/** GetUserOofSettings and SetUserOofSettings. */
import { el, optTextEl, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children, text, type XmlNode } from '../../ews/xml/parse.js';
import type { ExternalAudience, Mailbox, OofSettings, OofState, ReplyBody } from '../model.js';
import { operationElement, responseMessage } from '../soap.js';
import { formatUtc, parseDateTime } from '../time-zone.js';
import type { OperationContext, OperationHandler } from './context.js';
import { xsBoolean } from './xs-boolean.js';

/** The mailbox named in the request, if the caller may read or change its OOF settings. */
function targetMailbox(
  context: OperationContext,
  request: XmlNode,
): { mailbox: Mailbox } | { code: string; text: string } {
  const address = childText(child(request, 'Mailbox'), 'Address') ?? '';
  const mailbox = context.store.find(address);
  if (!mailbox) {
    return {
      code: 'ErrorMailRecipientNotFound',
      text: `The SMTP address "${address}" has no mailbox associated with it.`,
    };
  }
  if (mailbox !== context.user) {
    return {
      code: 'ErrorAccessDenied',
      text: 'Access is denied. Check credentials and try again.',
    };
  }
  return { mailbox };
}

function replyXml(name: string, reply: ReplyBody | undefined): XmlFragment | undefined {
  if (!reply) return undefined;
  return el(name, reply.lang === undefined ? undefined : { 'xml:lang': reply.lang }, [
    textEl('t:Message', reply.message),
  ]);
}

const bool = (v: boolean | undefined): string | undefined =>
  v === undefined ? undefined : v ? 'true' : 'false';

export function oofSettingsXml(oof: OofSettings): XmlFragment {
  return el('t:OofSettings', undefined, [
    textEl('t:OofState', oof.state),
    textEl('t:ExternalAudience', oof.externalAudience),
    oof.duration
      ? el('t:Duration', undefined, [
          textEl('t:StartTime', formatUtc(oof.duration.start)),
          textEl('t:EndTime', formatUtc(oof.duration.end)),
        ])
      : undefined,
    replyXml('t:InternalReply', oof.internalReply),
    replyXml('t:ExternalReply', oof.externalReply),
    replyXml('t:DeclineMeetingReply', oof.declineMeetingReply),
    optTextEl('t:DeclineEventsForScheduledOOF', bool(oof.declineEventsForScheduledOof)),
    optTextEl('t:DeclineAllEventsForScheduledOOF', bool(oof.declineAllEventsForScheduledOof)),
    optTextEl('t:CreateOOFEvent', bool(oof.createOofEvent)),
    optTextEl('t:OOFEventSubject', oof.oofEventSubject),
    optTextEl('t:AutoDeclineFutureRequestsWhenOOF', bool(oof.autoDeclineFutureRequestsWhenOof)),
    optTextEl('t:OOFEventID', oof.oofEventId),
    oof.eventsToDeleteIds
      ? el(
          't:EventsToDeleteIDs',
          undefined,
          oof.eventsToDeleteIds.map((id) => textEl('t:EventToDeleteID', id)),
        )
      : undefined,
  ]);
}

export const getUserOofSettings: OperationHandler = (context, request) => {
  const target = targetMailbox(context, request);
  if ('code' in target) {
    return operationElement('GetUserOofSettingsResponse', {}, [
      responseMessage('ResponseMessage', 'Error', target.code, [], target.text),
    ]);
  }
  return operationElement('GetUserOofSettingsResponse', {}, [
    responseMessage('ResponseMessage', 'Success', 'NoError'),
    oofSettingsXml(target.mailbox.oof),
    textEl('m:AllowExternalOof', 'All'),
  ]);
};

function readReply(node: XmlNode | undefined): ReplyBody | undefined {
  if (node === undefined) return undefined;
  const reply: ReplyBody = { message: text(child(node, 'Message')) };
  const lang = attr(node, 'lang');
  if (lang !== undefined) reply.lang = lang;
  return reply;
}

function readBool(node: XmlNode, name: string): boolean | undefined {
  return xsBoolean(childText(node, name));
}

/**
 * Applies a t:UserOofSettings onto the stored settings: fields present replace, fields absent
 * keep their value (so a client that round-trips only some fields loses nothing).
 */
export function applyOofSettings(current: OofSettings, node: XmlNode): OofSettings {
  const next: OofSettings = { ...current };
  next.state = (childText(node, 'OofState') ?? current.state) as OofState;
  next.externalAudience = (childText(node, 'ExternalAudience') ??
    current.externalAudience) as ExternalAudience;
  const duration = child(node, 'Duration');
  if (duration !== undefined) {
    const start = parseDateTime(childText(duration, 'StartTime') ?? '');
    const end = parseDateTime(childText(duration, 'EndTime') ?? '');
    if (start !== undefined && end !== undefined) next.duration = { start, end };
  }
  const replies = [
    ['InternalReply', 'internalReply'],
    ['ExternalReply', 'externalReply'],
    ['DeclineMeetingReply', 'declineMeetingReply'],
  ] as const;
  for (const [name, key] of replies) {
    const reply = readReply(child(node, name));
    if (reply) next[key] = reply;
  }
  const flags = [
    ['DeclineEventsForScheduledOOF', 'declineEventsForScheduledOof'],
    ['DeclineAllEventsForScheduledOOF', 'declineAllEventsForScheduledOof'],
    ['CreateOOFEvent', 'createOofEvent'],
    ['AutoDeclineFutureRequestsWhenOOF', 'autoDeclineFutureRequestsWhenOof'],
  ] as const;
  for (const [name, key] of flags) {
    const value = readBool(node, name);
    if (value !== undefined) next[key] = value;
  }
  const subject = child(node, 'OOFEventSubject');
  if (subject !== undefined) next.oofEventSubject = text(subject);
  const eventId = childText(node, 'OOFEventID');
  if (eventId !== undefined) next.oofEventId = eventId;
  const toDelete = child(node, 'EventsToDeleteIDs');
  if (toDelete !== undefined) {
    next.eventsToDeleteIds = children(toDelete, 'EventToDeleteID').map((n) => text(n).trim());
  }
  return next;
}

export const setUserOofSettings: OperationHandler = (context, request) => {
  const target = targetMailbox(context, request);
  if ('code' in target) {
    return operationElement('SetUserOofSettingsResponse', {}, [
      responseMessage('ResponseMessage', 'Error', target.code, [], target.text),
    ]);
  }
  const settings = child(request, 'UserOofSettings');
  const next = applyOofSettings(target.mailbox.oof, settings ?? {});
  if (next.state === 'Scheduled' && !next.duration) {
    return operationElement('SetUserOofSettingsResponse', {}, [
      responseMessage(
        'ResponseMessage',
        'Error',
        'ErrorInvalidScheduledOofDuration',
        [],
        'A Duration is required when OofState is Scheduled.',
      ),
    ]);
  }
  if (next.duration && next.duration.end <= next.duration.start) {
    return operationElement('SetUserOofSettingsResponse', {}, [
      responseMessage(
        'ResponseMessage',
        'Error',
        'ErrorInvalidScheduledOofDuration',
        [],
        'The end time of the Duration must be later than its start time.',
      ),
    ]);
  }
  target.mailbox.oof = next;
  return operationElement('SetUserOofSettingsResponse', {}, [
    responseMessage('ResponseMessage', 'Success', 'NoError'),
  ]);
};
