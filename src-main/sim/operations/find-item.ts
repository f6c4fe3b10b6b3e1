/**
 * FindItem: CalendarView (server-side expansion of recurrences) on the calendar; indexed paging
 * with optional Restriction on message folders (inbox, voicemail, deleted items, ...).
 */
import { el, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children, isObject, type XmlNode } from '../../ews/xml/parse.js';
import { calendarInstances, singleInstance, type CalendarInstance } from '../calendar-view.js';
import { inFolder, type Mailbox, type MessageItem } from '../model.js';
import { operationElement, responseMessage } from '../soap.js';
import { parseDateTime } from '../time-zone.js';
import type { OperationContext, OperationHandler } from './context.js';
import { calendarItemXml, messageXml, parseItemShape, type ItemShape } from './item-xml.js';

const MAX_CALENDAR_VIEW_DAYS = 2 * 365 + 1;
const MESSAGE_FOLDERS = new Set([
  'inbox',
  'voicemail',
  'deleteditems',
  'conversationhistory',
  'drafts',
  'sentitems',
]);

class RestrictionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The value of a message property as a restriction compares it. */
function fieldValue(message: MessageItem, uri: string): string | undefined {
  switch (uri) {
    case 'item:ItemClass':
      return message.itemClass;
    case 'item:Subject':
      return message.subject;
    case 'message:IsRead':
      return message.isRead ? 'true' : 'false';
    case 'item:HasAttachments':
      return message.attachments.length > 0 ? 'true' : 'false';
    default:
      throw new RestrictionError(
        'ErrorUnsupportedPathForQuery',
        `The property ${uri} is not supported in a restriction by this server.`,
      );
  }
}

function pathOf(expression: XmlNode): string {
  const uri = attr(child(expression, 'FieldURI'), 'FieldURI');
  if (uri === undefined) {
    throw new RestrictionError(
      'ErrorUnsupportedPathForQuery',
      'Only FieldURI paths are supported.',
    );
  }
  return uri;
}

function constantOf(expression: XmlNode): string {
  const holder = child(expression, 'FieldURIOrConstant') ?? expression;
  return attr(child(holder, 'Constant'), 'Value') ?? '';
}

/** Evaluates every search expression under `node` (And semantics for siblings). */
function matchesAll(node: XmlNode, message: MessageItem): boolean {
  if (!isObject(node)) return true;
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@') || name === '#text' || value === undefined) continue;
    for (const expression of Array.isArray(value) ? value : [value]) {
      if (!matches(name, expression, message)) return false;
    }
  }
  return true;
}

function matches(name: string, expression: XmlNode, message: MessageItem): boolean {
  switch (name) {
    case 'And':
      return matchesAll(expression, message);
    case 'Or': {
      if (!isObject(expression)) return false;
      return Object.entries(expression).some(
        ([n, v]) =>
          !n.startsWith('@') &&
          n !== '#text' &&
          v !== undefined &&
          (Array.isArray(v) ? v : [v]).some((e) => matches(n, e, message)),
      );
    }
    case 'Not':
      return !matchesAll(expression, message);
    case 'Exists':
      return fieldValue(message, pathOf(expression)) !== undefined;
    case 'IsEqualTo':
    case 'IsNotEqualTo': {
      const equal =
        (fieldValue(message, pathOf(expression)) ?? '').toLowerCase() ===
        constantOf(expression).toLowerCase();
      return name === 'IsEqualTo' ? equal : !equal;
    }
    case 'Contains': {
      const ignoreCase = (attr(expression, 'ContainmentComparison') ?? 'Exact').startsWith(
        'Ignore',
      );
      const fold = (s: string): string => (ignoreCase ? s.toLowerCase() : s);
      const value = fold(fieldValue(message, pathOf(expression)) ?? '');
      const constant = fold(constantOf(expression));
      switch (attr(expression, 'ContainmentMode') ?? 'Substring') {
        case 'FullString':
          return value === constant;
        case 'Prefixed':
          return value.startsWith(constant);
        case 'PrefixOnWords':
          return value.split(/\s+/).some((word) => word.startsWith(constant));
        default:
          return value.includes(constant);
      }
    }
    default:
      throw new RestrictionError(
        'ErrorUnsupportedQueryFilter',
        `The restriction ${name} is not supported by this server.`,
      );
  }
}

interface Folder {
  mailbox: Mailbox;
  name: string;
}

function resolveFolder(
  context: OperationContext,
  folderIds: XmlNode | undefined,
): Folder[] | { code: string; text: string } {
  const folders: Folder[] = [];
  if (children(folderIds, 'FolderId').length > 0) {
    return {
      code: 'ErrorFolderNotFound',
      text: 'The specified folder could not be found in the store.',
    };
  }
  for (const id of children(folderIds, 'DistinguishedFolderId')) {
    const address = childText(child(id, 'Mailbox'), 'EmailAddress');
    const mailbox = address === undefined ? context.user : context.store.find(address);
    if (!mailbox) {
      return {
        code: 'ErrorNonExistentMailbox',
        text: `No mailbox with SMTP address ${address ?? ''} was found.`,
      };
    }
    folders.push({ mailbox, name: attr(id, 'Id') ?? '' });
  }
  return folders;
}

function rootFolder(attrs: Record<string, string | number>, items: XmlFragment[]): XmlFragment {
  return el('m:RootFolder', attrs, el('t:Items', undefined, items));
}

function calendarView(view: XmlNode, folder: Folder, shape: ItemShape): XmlFragment {
  const start = parseDateTime(attr(view, 'StartDate') ?? '');
  const end = parseDateTime(attr(view, 'EndDate') ?? '');
  if (start === undefined || end === undefined || end < start) {
    return responseMessage(
      'FindItemResponseMessage',
      'Error',
      'ErrorInvalidRequest',
      [],
      'The CalendarView StartDate must not be later than its EndDate.',
    );
  }
  if (end - start > MAX_CALENDAR_VIEW_DAYS * 86_400_000) {
    return responseMessage(
      'FindItemResponseMessage',
      'Error',
      'ErrorCalendarViewRangeTooBig',
      [],
      'The calendar view range exceeds the maximum of two years.',
    );
  }
  if (folder.name !== 'calendar') {
    return responseMessage(
      'FindItemResponseMessage',
      'Error',
      'ErrorInvalidOperation',
      [],
      'CalendarView can only be used on a calendar folder.',
    );
  }
  const max = Number(attr(view, 'MaxEntriesReturned') ?? Infinity);
  const all = calendarInstances(folder.mailbox.calendar, { start, end });
  const page = all.slice(0, max);
  return responseMessage('FindItemResponseMessage', 'Success', 'NoError', [
    rootFolder(
      {
        TotalItemsInView: all.length,
        IncludesLastItemInRange: page.length === all.length ? 'true' : 'false',
      },
      page.map((i) => calendarItemXml(i, shape, { findItem: true })),
    ),
  ]);
}

interface Paging {
  max: number;
  offset: number;
  fromEnd: boolean;
}

function readPaging(request: XmlNode): Paging {
  const view = child(request, 'IndexedPageItemView');
  return {
    max: Number(attr(view, 'MaxEntriesReturned') ?? Infinity),
    offset: Number(attr(view, 'Offset') ?? 0),
    fromEnd: attr(view, 'BasePoint') === 'End',
  };
}

function pagedResponse<T>(all: T[], paging: Paging, render: (item: T) => XmlFragment): XmlFragment {
  const ordered = paging.fromEnd ? [...all].reverse() : all;
  const page = ordered.slice(paging.offset, paging.offset + paging.max);
  const next = paging.offset + page.length;
  return responseMessage('FindItemResponseMessage', 'Success', 'NoError', [
    rootFolder(
      {
        IndexedPagingOffset: next,
        TotalItemsInView: all.length,
        IncludesLastItemInRange: next >= all.length ? 'true' : 'false',
      },
      page.map(render),
    ),
  ]);
}

function messageFolder(request: XmlNode, folder: Folder, shape: ItemShape): XmlFragment {
  if (folder.name === 'voicemail' && !folder.mailbox.voicemailEnabled) {
    return responseMessage(
      'FindItemResponseMessage',
      'Error',
      'ErrorFolderNotFound',
      [],
      'The specified folder could not be found in the store.',
    );
  }
  const restriction = child(request, 'Restriction');
  let items: MessageItem[];
  try {
    items = folder.mailbox.messages
      .filter((m) => inFolder(m, folder.name))
      .filter((m) => restriction === undefined || matchesAll(restriction, m));
  } catch (error) {
    if (!(error instanceof RestrictionError)) throw error;
    return responseMessage('FindItemResponseMessage', 'Error', error.code, [], error.message);
  }
  items.sort((a, b) => b.received - a.received);
  return pagedResponse(items, readPaging(request), (m) => messageXml(m, shape, { findItem: true }));
}

function calendarFolder(request: XmlNode, folder: Folder, shape: ItemShape): XmlFragment {
  const items: CalendarInstance[] = folder.mailbox.calendar.map(singleInstance);
  items.sort((a, b) => a.start - b.start);
  return pagedResponse(items, readPaging(request), (i) =>
    calendarItemXml(i, shape, { findItem: true }),
  );
}

export const findItem: OperationHandler = (context, request) => {
  const shape = parseItemShape(child(request, 'ItemShape'));
  const folders = resolveFolder(context, child(request, 'ParentFolderIds'));
  const messages: XmlFragment[] = [];
  if (!Array.isArray(folders)) {
    messages.push(
      responseMessage('FindItemResponseMessage', 'Error', folders.code, [], folders.text),
    );
  } else {
    const view = child(request, 'CalendarView');
    for (const folder of folders) {
      if (view !== undefined) messages.push(calendarView(view, folder, shape));
      else if (folder.name === 'calendar') messages.push(calendarFolder(request, folder, shape));
      else if (MESSAGE_FOLDERS.has(folder.name))
        messages.push(messageFolder(request, folder, shape));
      else messages.push(pagedResponse([], readPaging(request), () => el('t:Item')));
    }
  }
  return operationElement('FindItemResponse', {}, [el('m:ResponseMessages', undefined, messages)]);
};
