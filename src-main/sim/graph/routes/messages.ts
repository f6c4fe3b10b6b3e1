/**
 * The Graph face's mail routes over the shared mailbox model: messages (list with `$filter`,
 * `$select`, `$expand` of extended properties, `$top`/`$skip` paging; get, PATCH, move, DELETE),
 * file attachments (list, get, `$value`) and mail folders (well-known names, ids, the
 * Conversation History folder found by display name or made with POST, drafts created in a
 * folder with extended properties). The router checks every request and response body against
 * the CSDL (the `body` and `schema` below).
 */
import type { FolderName, Mailbox, MessageItem } from '../../model.js';
import { GraphError } from '../errors.js';
import { MSGFLAG, parsePropertyId, TAG, type PropertyRef } from '../extended-properties.js';
import {
  FOLDER_DISPLAY_NAMES,
  fromGraphId,
  graphFolderId,
  MAIL_FOLDERS,
  resolveFolder,
  userIdOf,
  type MailFolderName,
} from '../ids.js';
import {
  attachmentJson,
  MESSAGE_PROPERTIES,
  messageJson,
  type MessageView,
} from '../message-json.js';
import { FilterError, messageFilter } from '../odata-filter.js';
import type { GraphReply, GraphRequest, GraphRoute, GraphRouteModule } from '../router.js';

const MESSAGE = 'microsoft.graph.message';
const FILE_ATTACHMENT = 'microsoft.graph.fileAttachment';
const MAIL_FOLDER = 'microsoft.graph.mailFolder';
const DEFAULT_TOP = 10;
const MAX_TOP = 1000;

const badRequest = (message: string, code = 'BadRequest'): GraphError =>
  new GraphError(400, code, message);
const itemNotFound = (): GraphError =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

function hasFolder(mailbox: Mailbox, folder: string): boolean {
  return !(mailbox.absentFolders ?? []).includes(folder as FolderName);
}

function folderOf(mailbox: Mailbox, idOrName: string): MailFolderName {
  const folder = resolveFolder(idOrName);
  if (!folder || !hasFolder(mailbox, folder)) {
    throw new GraphError(
      404,
      'ErrorFolderNotFound',
      'The specified folder could not be found in the store.',
    );
  }
  return folder;
}

/** The message `{id}` names, in `folder` when the path went through one. */
function messageOf(request: GraphRequest, folder?: MailFolderName): MessageItem {
  const id = fromGraphId(request.params.id ?? '');
  const message = request.target.messages.find((m) => m.id === id);
  if (!message || !hasFolder(request.target, message.folder)) throw itemNotFound();
  if (folder !== undefined && message.folder !== folder) throw itemNotFound();
  return message;
}

function pathFolder(request: GraphRequest): MailFolderName | undefined {
  const name = request.params.folder;
  return name === undefined ? undefined : folderOf(request.target, name);
}

function preferText(request: GraphRequest): boolean {
  return /outlook\.body-content-type\s*=\s*"?text"?/i.test(request.headers.prefer ?? '');
}

/** `$select` and `$expand` → how to draw each message. */
function viewOf(request: GraphRequest): MessageView {
  const view: MessageView = { bodyAsText: preferText(request) };
  const select = request.query.get('$select');
  if (select !== undefined) {
    const names = select
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const known = new Set(MESSAGE_PROPERTIES.map((p) => p.toLowerCase()));
    const unknown = names.find((n) => !known.has(n.toLowerCase()));
    if (unknown !== undefined) {
      throw badRequest(`Could not find a property named '${unknown}' on type '${MESSAGE}'.`);
    }
    view.select = new Set(names.map((n) => n.toLowerCase()));
  }
  const expand = request.query.get('$expand');
  if (expand !== undefined) {
    const match = /^\s*singleValueExtendedProperties\s*\(\s*\$filter\s*=\s*(.+)\)\s*$/i.exec(
      expand,
    );
    if (!match) {
      throw badRequest(
        "Only singleValueExtendedProperties($filter=id eq '…') can be expanded: the extended properties of an item cannot all be listed.",
      );
    }
    const ids: { id: string; ref: PropertyRef }[] = [];
    for (const clause of (match[1] ?? '').split(/\s+or\s+/i)) {
      const one = /^\s*id\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause);
      const id = one?.[1]?.replace(/''/g, "'");
      const ref = id === undefined ? undefined : parsePropertyId(id);
      if (id === undefined || !ref) {
        throw badRequest(`'${clause.trim()}' is not an extended property filter.`);
      }
      ids.push({ id, ref });
    }
    view.expand = ids;
  }
  return view;
}

function intOption(
  request: GraphRequest,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = request.query.get(name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`Invalid value '${raw}' for ${name}: a whole number from ${min} to ${max}.`);
  }
  return Number(raw);
}

function nextLink(request: GraphRequest, skip: number): string {
  const query = new URLSearchParams(request.query.raw);
  for (const name of [...query.keys()]) if (name.toLowerCase() === '$skip') query.delete(name);
  query.set('$skip', String(skip));
  return `${request.serviceRoot}${request.path}?${query.toString().replace(/\+/g, '%20')}`;
}

function listMessages(request: GraphRequest): GraphReply {
  const mailbox = request.target;
  const folder = pathFolder(request);
  const view = viewOf(request);
  const top = intOption(request, '$top', 1, MAX_TOP, DEFAULT_TOP);
  const skip = intOption(request, '$skip', 0, Number.MAX_SAFE_INTEGER, 0);
  let keep: (m: MessageItem) => boolean = () => true;
  const filter = request.query.get('$filter');
  if (filter !== undefined) {
    try {
      keep = messageFilter(filter);
    } catch (error) {
      if (error instanceof FilterError) throw badRequest(`Invalid filter clause: ${error.message}`);
      throw error;
    }
  }
  const order = (request.query.get('$orderby') ?? 'receivedDateTime desc').trim();
  const ordering = /^receivedDateTime(\s+(asc|desc))?$/i.exec(order);
  if (!ordering) {
    throw badRequest(`Messages are ordered by receivedDateTime only here, not '${order}'.`);
  }
  const ascending = ordering[2]?.toLowerCase() === 'asc';
  const matching = mailbox.messages
    .filter((m) => (folder === undefined ? hasFolder(mailbox, m.folder) : m.folder === folder))
    .filter(keep)
    .sort((a, b) => (ascending ? a.received - b.received : b.received - a.received));
  const page = matching.slice(skip, skip + top);
  const json: Record<string, unknown> = {
    '@odata.context': `${request.serviceRoot}/$metadata#users('${userIdOf(mailbox)}')/messages`,
    value: page.map((m) => messageJson(m, view)),
  };
  if (skip + top < matching.length) json['@odata.nextLink'] = nextLink(request, skip + top);
  return {
    status: 200,
    json,
    schema: { type: MESSAGE, collection: true, partial: view.select !== undefined },
  };
}

function getMessage(request: GraphRequest): GraphReply {
  const message = messageOf(request, pathFolder(request));
  const view = viewOf(request);
  return {
    status: 200,
    json: messageJson(message, view),
    schema: { type: MESSAGE, partial: view.select !== undefined },
  };
}

const PATCHABLE = new Set(['isread', 'subject']);

function patchMessage(request: GraphRequest): GraphReply {
  const message = messageOf(request, pathFolder(request));
  const patch = request.body as Record<string, unknown>;
  const other = Object.keys(patch).find((k) => !PATCHABLE.has(k.toLowerCase()));
  if (other !== undefined) {
    throw badRequest(
      `The simulator changes isRead and subject only, not '${other}'.`,
      'notSupported',
    );
  }
  if (typeof patch.isRead === 'boolean') message.isRead = patch.isRead;
  if (typeof patch.subject === 'string') message.subject = patch.subject;
  message.changeKey = request.state.store.newChangeKey();
  return { status: 200, json: messageJson(message), schema: { type: MESSAGE } };
}

function moveMessage(request: GraphRequest): GraphReply {
  const message = messageOf(request, pathFolder(request));
  const destinationId = (request.body as { destinationId?: unknown }).destinationId;
  if (typeof destinationId !== 'string' || destinationId === '') {
    throw badRequest('destinationId is required.', 'ErrorInvalidIdMalformed');
  }
  const folder = folderOf(request.target, destinationId);
  // A move to another folder gives the item a new id, as Exchange does.
  if (message.folder !== folder) {
    message.id = request.state.store.newId('item');
    message.folder = folder;
  }
  message.changeKey = request.state.store.newChangeKey();
  return { status: 201, json: messageJson(message), schema: { type: MESSAGE } };
}

function deleteMessage(request: GraphRequest): GraphReply {
  const message = messageOf(request, pathFolder(request));
  request.target.messages = request.target.messages.filter((m) => m !== message);
  return { status: 204 };
}

/** Properties of an attachment a `$select` may name (the bytes only when asked for). */
const ATTACHMENT_PROPERTIES = [
  'id',
  'lastModifiedDateTime',
  'name',
  'contentType',
  'size',
  'isInline',
  'contentId',
  'contentLocation',
  'contentBytes',
];

/** `$select` on the attachment list: the named properties (and '@odata.type'), else everything. */
function selectAttachment(
  json: Record<string, unknown>,
  select: string | undefined,
): Record<string, unknown> {
  if (select === undefined) return json;
  const known = new Map(ATTACHMENT_PROPERTIES.map((p) => [p.toLowerCase(), p]));
  const picked: Record<string, unknown> = { '@odata.type': json['@odata.type'] };
  for (const raw of select.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const property = known.get(name.toLowerCase());
    if (property === undefined) {
      throw badRequest(`Could not find a property named '${name}' on type '${FILE_ATTACHMENT}'.`);
    }
    picked[property] = json[property];
  }
  return picked;
}

function listAttachments(request: GraphRequest): GraphReply {
  const message = messageOf(request);
  const select = request.query.get('$select');
  const json = {
    value: message.attachments.map((a) =>
      selectAttachment(attachmentJson(a, message.received), select),
    ),
  };
  const partial = select !== undefined;
  return { status: 200, json, schema: { type: FILE_ATTACHMENT, collection: true, partial } };
}

function attachmentOf(request: GraphRequest): { message: MessageItem; attachmentIndex: number } {
  const message = messageOf(request);
  const id = fromGraphId(request.params.attachmentId ?? '');
  const attachmentIndex = message.attachments.findIndex((a) => a.id === id);
  if (attachmentIndex < 0) throw itemNotFound();
  return { message, attachmentIndex };
}

function getAttachment(request: GraphRequest): GraphReply {
  const { message, attachmentIndex } = attachmentOf(request);
  const attachment = message.attachments[attachmentIndex];
  if (!attachment) throw itemNotFound();
  return {
    status: 200,
    json: attachmentJson(attachment, message.received),
    schema: { type: FILE_ATTACHMENT },
  };
}

function attachmentValue(request: GraphRequest): GraphReply {
  const { message, attachmentIndex } = attachmentOf(request);
  const attachment = message.attachments[attachmentIndex];
  if (!attachment) throw itemNotFound();
  return { status: 200, bytes: { contentType: attachment.contentType, body: attachment.content } };
}

function folderJson(mailbox: Mailbox, folder: MailFolderName): Record<string, unknown> {
  const messages = mailbox.messages.filter((m) => m.folder === folder);
  return {
    id: graphFolderId(folder),
    displayName: FOLDER_DISPLAY_NAMES[folder],
    parentFolderId: graphFolderId('msgfolderroot'),
    childFolderCount: 0,
    unreadItemCount: messages.filter((m) => !m.isRead).length,
    totalItemCount: messages.length,
    isHidden: false,
  };
}

function listFolders(request: GraphRequest): GraphReply {
  const mailbox = request.target;
  let folders = MAIL_FOLDERS.filter((f) => hasFolder(mailbox, f));
  const filter = request.query.get('$filter');
  if (filter !== undefined) {
    const byName = /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
    if (!byName) throw badRequest("Mail folders are filtered by displayName eq '…' only here.");
    const name = (byName[1] ?? '').replace(/''/g, "'").toLowerCase();
    folders = folders.filter((f) => FOLDER_DISPLAY_NAMES[f].toLowerCase() === name);
  }
  const top = intOption(request, '$top', 1, MAX_TOP, DEFAULT_TOP);
  const json = {
    '@odata.context': `${request.serviceRoot}/$metadata#users('${userIdOf(mailbox)}')/mailFolders`,
    value: folders.slice(0, top).map((f) => folderJson(mailbox, f)),
  };
  return { status: 200, json, schema: { type: MAIL_FOLDER, collection: true } };
}

function getFolder(request: GraphRequest): GraphReply {
  const folder = folderOf(request.target, request.params.folder ?? '');
  return { status: 200, json: folderJson(request.target, folder), schema: { type: MAIL_FOLDER } };
}

function createFolder(request: GraphRequest): GraphReply {
  const mailbox = request.target;
  const name = (request.body as { displayName?: unknown }).displayName;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('displayName is required.');
  const folder = MAIL_FOLDERS.find(
    (f) => FOLDER_DISPLAY_NAMES[f].toLowerCase() === name.trim().toLowerCase(),
  );
  if (folder && hasFolder(mailbox, folder)) {
    throw new GraphError(
      409,
      'ErrorFolderExists',
      'A folder with the specified name already exists.',
    );
  }
  if (folder !== 'conversationhistory') {
    throw badRequest(
      `The simulator makes only the Conversation History folder, not '${name}'.`,
      'notSupported',
    );
  }
  mailbox.absentFolders = (mailbox.absentFolders ?? []).filter((f) => f !== folder);
  return { status: 201, json: folderJson(mailbox, folder), schema: { type: MAIL_FOLDER } };
}

type Recipient = { emailAddress?: { name?: string; address?: string } };

function people(list: readonly Recipient[] | undefined): { name: string; email: string }[] {
  return (list ?? []).flatMap((r) =>
    typeof r.emailAddress?.address === 'string'
      ? [{ name: r.emailAddress.name ?? r.emailAddress.address, email: r.emailAddress.address }]
      : [],
  );
}

/** POST mailFolders/{folder}/messages: a draft there, with extended properties as Graph allows. */
function createMessage(request: GraphRequest): GraphReply {
  const folder = folderOf(request.target, request.params.folder ?? '');
  const input = request.body as {
    subject?: string;
    body?: { contentType?: string; content?: string };
    from?: Recipient;
    toRecipients?: Recipient[];
    isRead?: boolean;
    singleValueExtendedProperties?: { id?: string; value?: string }[];
  };
  const store = request.state.store;
  const message: MessageItem = {
    id: store.newId('item'),
    changeKey: store.newChangeKey(),
    folder,
    itemClass: 'IPM.Note',
    subject: input.subject ?? '',
    body: {
      type: input.body?.contentType?.toLowerCase() === 'html' ? 'HTML' : 'Text',
      text: input.body?.content ?? '',
    },
    to: people(input.toRecipients),
    received: request.now.getTime(),
    isRead: input.isRead ?? true,
    isDraft: true,
    importance: 'Normal',
    attachments: [],
    extended: new Map(),
  };
  const from = people(input.from ? [input.from] : undefined)[0];
  if (from) message.from = from;
  for (const property of input.singleValueExtendedProperties ?? []) {
    const ref = typeof property.id === 'string' ? parsePropertyId(property.id) : undefined;
    if (!ref || typeof property.value !== 'string') {
      throw badRequest(`'${String(property.id)}' is not an extended property id with a value.`);
    }
    if (ref.kind !== 'tag' || (ref.type !== 'String' && ref.type !== 'Integer')) {
      throw badRequest(
        `The simulator stores String and Integer tagged properties only, not '${String(property.id)}'.`,
        'notSupported',
      );
    }
    if (ref.type === 'Integer' && !/^-?\d+$/.test(property.value)) {
      throw badRequest(`The value of '${String(property.id)}' must be a whole number.`);
    }
    if (ref.tag === TAG.messageClass && ref.type === 'String') {
      message.itemClass = property.value;
    } else if (ref.tag === TAG.messageFlags && ref.type === 'Integer') {
      // PR_MESSAGE_FLAGS at creation: without the unsent bit the item is not a draft.
      const flags = Number(property.value);
      message.isDraft = (flags & MSGFLAG.unsent) !== 0;
      message.isRead = (flags & MSGFLAG.read) !== 0;
    } else {
      message.extended.set(
        ref.tag,
        ref.type === 'Integer'
          ? { type: 'Integer', value: Number(property.value) }
          : { type: 'String', value: property.value },
      );
    }
  }
  request.target.messages.push(message);
  return { status: 201, json: messageJson(message), schema: { type: MESSAGE } };
}

const READ = ['Mail.ReadBasic', 'Mail.Read'];
const READ_FULL = ['Mail.Read'];
const WRITE = ['Mail.ReadWrite'];
const LIST_OPTIONS = ['$filter', '$select', '$expand', '$top', '$skip', '$orderby'];
const ITEM_OPTIONS = ['$select', '$expand'];

/** The same message routes directly below the user and below one of its folders. */
function messageRoutes(base: string): GraphRoute[] {
  const item = `${base}/{id}`;
  return [
    { method: 'GET', path: base, scopes: READ, options: LIST_OPTIONS, handle: listMessages },
    { method: 'GET', path: item, scopes: READ, options: ITEM_OPTIONS, handle: getMessage },
    {
      method: 'PATCH',
      path: item,
      scopes: WRITE,
      body: { type: MESSAGE, partial: true },
      handle: patchMessage,
    },
    { method: 'DELETE', path: item, scopes: WRITE, handle: deleteMessage },
    {
      method: 'POST',
      path: `${item}/move`,
      scopes: WRITE,
      body: { boundTo: MESSAGE, action: 'move' },
      handle: moveMessage,
    },
  ];
}

export const mailRoutes: GraphRouteModule = {
  name: 'mail',
  routes: [
    ...messageRoutes('/{user}/messages'),
    ...messageRoutes('/{user}/mailFolders/{folder}/messages'),
    {
      method: 'GET',
      path: '/{user}/messages/{id}/attachments',
      scopes: READ_FULL,
      options: ['$select'],
      handle: listAttachments,
    },
    {
      method: 'GET',
      path: '/{user}/messages/{id}/attachments/{attachmentId}',
      scopes: READ_FULL,
      handle: getAttachment,
    },
    {
      method: 'GET',
      path: '/{user}/messages/{id}/attachments/{attachmentId}/$value',
      scopes: READ_FULL,
      handle: attachmentValue,
    },
    {
      method: 'GET',
      path: '/{user}/mailFolders',
      scopes: READ,
      options: ['$filter', '$top'],
      handle: listFolders,
    },
    {
      method: 'POST',
      path: '/{user}/mailFolders',
      scopes: WRITE,
      body: { type: MAIL_FOLDER, partial: true },
      handle: createFolder,
    },
    { method: 'GET', path: '/{user}/mailFolders/{folder}', scopes: READ, handle: getFolder },
    {
      method: 'POST',
      path: '/{user}/mailFolders/{folder}/messages',
      scopes: WRITE,
      body: { type: MESSAGE, partial: true },
      handle: createMessage,
    },
  ],
};
