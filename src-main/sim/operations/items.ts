/** GetItem, GetAttachment, UpdateItem, DeleteItem and CreateItem. */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children, text, type XmlNode } from '../../ews/xml/parse.js';
import { occurrenceId, singleInstance, type CalendarInstance } from '../calendar-view.js';
import {
  decodeId,
  type CalendarItem,
  type FileAttachment,
  type FolderName,
  type Mailbox,
  type MessageItem,
  type Person,
} from '../model.js';
import { occurrenceStarts } from '../recurrence.js';
import { operationElement, responseMessage } from '../soap.js';
import type { OperationContext, OperationHandler } from './context.js';
import {
  calendarItemXml,
  fileAttachmentXml,
  itemIdOnly,
  messageXml,
  parseItemShape,
} from './item-xml.js';
import { readItemRefs } from './item-ids.js';
import { xsBoolean } from './xs-boolean.js';

type Found =
  | { kind: 'message'; message: MessageItem }
  | { kind: 'calendar'; instance: CalendarInstance; master: CalendarItem }
  | { kind: 'error'; code: string; text: string };

const NOT_FOUND = {
  kind: 'error',
  code: 'ErrorItemNotFound',
  text: 'The specified object was not found in the store.',
} as const;

const MALFORMED = {
  kind: 'error',
  code: 'ErrorInvalidIdMalformed',
  text: 'Id is malformed.',
} as const;

/**
 * An error response message. Item and attachment messages keep their (empty) Items or
 * Attachments element, as Exchange sends it and as the schema requires.
 */
function errorMessage(name: string, code: string, messageText: string): XmlFragment {
  const container =
    name === 'GetAttachmentResponseMessage'
      ? el('m:Attachments')
      : name === 'DeleteItemResponseMessage'
        ? undefined
        : el('m:Items');
  return responseMessage(name, 'Error', code, [container], messageText);
}

/** Finds an item of the signed-in mailbox by id (messages, calendar items, occurrences). */
export function findItemById(mailbox: Mailbox, id: string): Found {
  if (id.trim() === '') return { kind: 'error', code: 'ErrorInvalidIdEmpty', text: 'Id is empty.' };
  const decoded = decodeId(id);
  if (!decoded) return MALFORMED;
  if (decoded.kind === 'attachment') return NOT_FOUND;
  if (decoded.kind === 'occurrence') {
    const master = mailbox.calendar.find((c) => c.id === decoded.masterId);
    const recurrence = master?.recurrence;
    if (!master || !recurrence) return NOT_FOUND;
    const starts = occurrenceStarts(master.start, recurrence, Infinity);
    const originalStart = starts[decoded.index - 1];
    if (originalStart === undefined || recurrence.deletedOccurrences.includes(originalStart)) {
      return NOT_FOUND;
    }
    const override = recurrence.modifiedOccurrences.get(originalStart);
    const start = override?.start ?? originalStart;
    return {
      kind: 'calendar',
      master,
      instance: {
        item: master,
        id: occurrenceId(master.id, decoded.index),
        kind: override ? 'Exception' : 'Occurrence',
        start,
        end: override?.end ?? start + (master.end - master.start),
        subject: override?.subject ?? master.subject,
        location: override?.location ?? master.location,
        originalStart,
      },
    };
  }
  const message = mailbox.messages.find((m) => m.id === id);
  if (message) return { kind: 'message', message };
  const item = mailbox.calendar.find((c) => c.id === id);
  if (item) return { kind: 'calendar', master: item, instance: singleInstance(item) };
  return NOT_FOUND;
}

/** The items an ItemIds list (or one ItemChange) names, in any id form, found or not. */
function itemsNamed(
  mailbox: Mailbox,
  container: XmlNode | undefined,
  requestXml?: string,
): Found[] {
  return readItemRefs(mailbox, container, requestXml).map((ref) =>
    'error' in ref ? { kind: 'error', ...ref.error } : findItemById(mailbox, ref.id),
  );
}

export const getItem: OperationHandler = (context, request) => {
  const shape = parseItemShape(child(request, 'ItemShape'));
  const messages = itemsNamed(context.user, child(request, 'ItemIds'), context.requestXml).map(
    (found) => {
      if (found.kind === 'error') {
        return errorMessage('GetItemResponseMessage', found.code, found.text);
      }
      const xml =
        found.kind === 'message'
          ? messageXml(found.message, shape, { findItem: false })
          : calendarItemXml(found.instance, shape, { findItem: false });
      return responseMessage('GetItemResponseMessage', 'Success', 'NoError', [
        el('m:Items', undefined, xml),
      ]);
    },
  );
  return operationElement('GetItemResponse', {}, [el('m:ResponseMessages', undefined, messages)]);
};

/**
 * The largest attachment GetAttachment returns: Exchange Online's default message size limit
 * (MaxReceiveSize, 36 MB). A larger one (the admin API can make one) is refused per attachment
 * with ErrorMessageSizeExceeded instead of building a response of hundreds of megabytes.
 */
export const MAX_ATTACHMENT_BYTES = 36 * 1024 * 1024;

function findAttachment(mailbox: Mailbox, id: string): FileAttachment | undefined {
  for (const message of mailbox.messages) {
    const found = message.attachments.find((a) => a.id === id);
    if (found) return found;
  }
  return undefined;
}

export const getAttachment: OperationHandler = (context, request) => {
  const ids = children(child(request, 'AttachmentIds'), 'AttachmentId').map(
    (n) => attr(n, 'Id') ?? '',
  );
  const messages = ids.map((id) => {
    const decoded = decodeId(id);
    if (decoded?.kind !== 'attachment') {
      return errorMessage(
        'GetAttachmentResponseMessage',
        'ErrorInvalidAttachmentId',
        'The attachment id is invalid.',
      );
    }
    const attachment = findAttachment(context.user, id);
    if (!attachment) {
      return errorMessage('GetAttachmentResponseMessage', NOT_FOUND.code, NOT_FOUND.text);
    }
    if (attachment.content.length > MAX_ATTACHMENT_BYTES) {
      return errorMessage(
        'GetAttachmentResponseMessage',
        'ErrorMessageSizeExceeded',
        'The message exceeds the maximum supported size.',
      );
    }
    return responseMessage('GetAttachmentResponseMessage', 'Success', 'NoError', [
      el('m:Attachments', undefined, fileAttachmentXml(attachment, true)),
    ]);
  });
  return operationElement('GetAttachmentResponse', {}, [
    el('m:ResponseMessages', undefined, messages),
  ]);
};

/** One t:SetItemField applied to a message; an error text when the field is not updatable. */
function applySetField(message: MessageItem, field: XmlNode): string | undefined {
  const uri = attr(child(field, 'FieldURI'), 'FieldURI');
  const holder = child(field, 'Message') ?? child(field, 'Item');
  switch (uri) {
    case 'message:IsRead': {
      const value = xsBoolean(childText(holder, 'IsRead'));
      if (value === undefined) return 'The IsRead value is missing.';
      message.isRead = value;
      return undefined;
    }
    case 'item:Subject':
      message.subject = text(child(holder, 'Subject'));
      return undefined;
    default:
      return `Updating ${uri ?? 'this property'} is not supported by the simulator.`;
  }
}

export const updateItem: OperationHandler = (context, request) => {
  const conflictResolution = attr(request, 'ConflictResolution') ?? 'AutoResolve';
  const changes = children(child(request, 'ItemChanges'), 'ItemChange');
  const messages = changes.map((change) => {
    const changeKey = attr(child(change, 'ItemId'), 'ChangeKey');
    const found = itemsNamed(context.user, change)[0] ?? NOT_FOUND;
    if (found.kind === 'error') {
      return errorMessage('UpdateItemResponseMessage', found.code, found.text);
    }
    if (found.kind !== 'message') {
      return errorMessage(
        'UpdateItemResponseMessage',
        'ErrorInvalidOperation',
        'The simulator updates messages only.',
      );
    }
    const message = found.message;
    // A stale ChangeKey means someone changed the item since the client read it.
    if (
      changeKey !== undefined &&
      changeKey !== message.changeKey &&
      conflictResolution === 'NeverOverwrite'
    ) {
      return errorMessage(
        'UpdateItemResponseMessage',
        'ErrorIrresolvableConflict',
        'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
      );
    }
    const updates = child(change, 'Updates');
    for (const field of children(updates, 'SetItemField')) {
      const problem = applySetField(message, field);
      if (problem !== undefined) {
        return errorMessage('UpdateItemResponseMessage', 'ErrorInvalidPropertyRequest', problem);
      }
    }
    message.changeKey = context.store.newChangeKey();
    return responseMessage('UpdateItemResponseMessage', 'Success', 'NoError', [
      el('m:Items', undefined, itemIdOnly('Message', message.id, message.changeKey)),
      el('m:ConflictResults', undefined, textEl('t:Count', 0)),
    ]);
  });
  return operationElement('UpdateItemResponse', {}, [
    el('m:ResponseMessages', undefined, messages),
  ]);
};

function deleteCalendar(mailbox: Mailbox, found: Extract<Found, { kind: 'calendar' }>): void {
  const { master, instance } = found;
  if (instance.originalStart !== undefined && master.recurrence) {
    master.recurrence.deletedOccurrences.push(instance.originalStart);
    return;
  }
  mailbox.calendar = mailbox.calendar.filter((c) => c !== master);
}

export const deleteItem: OperationHandler = (context, request) => {
  const deleteType = attr(request, 'DeleteType') ?? 'MoveToDeletedItems';
  const messages = itemsNamed(context.user, child(request, 'ItemIds'), context.requestXml).map(
    (found) => {
      if (found.kind === 'error') {
        return errorMessage('DeleteItemResponseMessage', found.code, found.text);
      }
      if (found.kind === 'calendar') {
        deleteCalendar(context.user, found);
      } else if (deleteType === 'MoveToDeletedItems' && found.message.folder !== 'deleteditems') {
        found.message.folder = 'deleteditems';
        found.message.changeKey = context.store.newChangeKey();
      } else {
        context.user.messages = context.user.messages.filter((m) => m !== found.message);
      }
      return responseMessage('DeleteItemResponseMessage', 'Success', 'NoError');
    },
  );
  return operationElement('DeleteItemResponse', {}, [
    el('m:ResponseMessages', undefined, messages),
  ]);
};

const CREATE_FOLDERS = new Set<FolderName>(['conversationhistory', 'inbox', 'drafts', 'sentitems']);

function readPerson(node: XmlNode | undefined): Person | undefined {
  const mailbox = child(node, 'Mailbox');
  const email = childText(mailbox, 'EmailAddress');
  if (email === undefined) return undefined;
  return { name: childText(mailbox, 'Name') ?? email, email };
}

function readRecipients(node: XmlNode | undefined): Person[] {
  return children(node, 'Mailbox').flatMap((m) => {
    const email = childText(m, 'EmailAddress');
    return email === undefined ? [] : [{ name: childText(m, 'Name') ?? email, email }];
  });
}

export const createItem: OperationHandler = (context: OperationContext, request) => {
  const folderNode = child(child(request, 'SavedItemFolderId'), 'DistinguishedFolderId');
  const folder = (attr(folderNode, 'Id') ?? 'drafts') as FolderName;
  const items = child(request, 'Items');
  const messages: XmlFragment[] = [];
  if (!CREATE_FOLDERS.has(folder)) {
    messages.push(
      errorMessage(
        'CreateItemResponseMessage',
        'ErrorFolderNotFound',
        'The specified folder could not be found in the store.',
      ),
    );
  }
  for (const node of CREATE_FOLDERS.has(folder) ? children(items, 'Message') : []) {
    const body = child(node, 'Body');
    const message: MessageItem = {
      id: context.store.newId('item'),
      changeKey: context.store.newChangeKey(),
      folder,
      itemClass: childText(node, 'ItemClass') ?? 'IPM.Note',
      subject: text(child(node, 'Subject')),
      body: { type: attr(body, 'BodyType') === 'HTML' ? 'HTML' : 'Text', text: text(body) },
      to: readRecipients(child(node, 'ToRecipients')),
      received: context.now().getTime(),
      isRead: xsBoolean(childText(node, 'IsRead')) ?? true,
      importance: 'Normal',
      attachments: [],
      extended: new Map(),
    };
    const from = readPerson(child(node, 'From')) ?? readPerson(child(node, 'Sender'));
    message.from = from ?? { name: context.user.displayName, email: context.user.email };
    context.user.messages.push(message);
    messages.push(
      responseMessage('CreateItemResponseMessage', 'Success', 'NoError', [
        el('m:Items', undefined, itemIdOnly('Message', message.id, message.changeKey)),
      ]),
    );
  }
  for (const other of ['CalendarItem', 'Contact', 'Task']) {
    const refused = children(items, other).map(() =>
      errorMessage(
        'CreateItemResponseMessage',
        'ErrorInvalidOperation',
        `The simulator does not create ${other} items.`,
      ),
    );
    messages.push(...refused);
  }
  return operationElement('CreateItemResponse', {}, [
    el('m:ResponseMessages', undefined, messages),
  ]);
};
