/**
 * Change notifications: Subscribe (streaming, or pull as the fallback), GetEvents, Unsubscribe,
 * and the decoding of the Notification element both deliver. GetStreamingEvents' long answer is
 * read by notifications-stream.ts. Affinity (Exchange Online): Subscribe asks for it with
 * X-PreferServerAffinity and the answer's X-BackEndOverrideCookie goes back as a Cookie on every
 * later request for that subscription.
 */
import { DecodeError, EwsResponseError, SoapFaultError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import type { EwsTransport, SendOptions } from '../transport/ews-transport.js';
import { parseInstant } from '../time/date-time.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, children, isObject, text, type XmlNode } from '../xml/parse.js';
import { distinguishedFolder, readBool, singleMessage, type RequestOptions } from './common.js';
import {
  STREAMING_REFUSED_CODES,
  SUBSCRIPTION_LOST_CODES,
  StreamingRefusedError,
  SubscriptionLostError,
} from './notifications-errors.js';
import type {
  GetEventsOptions,
  GetEventsResult,
  ItemEvent,
  ItemEventKind,
  Notification,
  NotificationEvent,
  PullSubscribeArgs,
  SubscribeArgs,
  Subscription,
  WatchedFolder,
} from './notifications-types.js';

export const DEFAULT_WATCHED_FOLDERS: readonly WatchedFolder[] = ['calendar', 'inbox', 'voicemail'];

/**
 * The events Beacon needs: a meeting added, changed, moved or deleted (Created, Modified, Moved,
 * Deleted, and Copied for a meeting copied into the calendar); a voicemail arriving (NewMail,
 * Created) and read or deleted elsewhere (Modified, Moved, Deleted). FreeBusyChanged is not
 * needed: the calendar's own events already say it.
 */
export const WATCHED_EVENT_TYPES = [
  'NewMailEvent',
  'CreatedEvent',
  'ModifiedEvent',
  'DeletedEvent',
  'MovedEvent',
  'CopiedEvent',
] as const;

const EVENT_KINDS: Readonly<Record<string, ItemEventKind | 'status'>> = {
  CopiedEvent: 'copied',
  CreatedEvent: 'created',
  DeletedEvent: 'deleted',
  ModifiedEvent: 'modified',
  MovedEvent: 'moved',
  NewMailEvent: 'newMail',
  StatusEvent: 'status',
};

/** Event element names a Notification may hold, including ones we skip (FreeBusyChanged). */
export const EVENT_ELEMENTS: readonly string[] = [
  ...Object.keys(EVENT_KINDS),
  'FreeBusyChangedEvent',
];

function subscriptionBody(folders: readonly WatchedFolder[]): XmlFragment[] {
  if (folders.length === 0) throw new RangeError('A subscription needs at least one folder');
  return [
    el(
      't:FolderIds',
      undefined,
      folders.map((f) => distinguishedFolder(f)),
    ),
    el(
      't:EventTypes',
      undefined,
      WATCHED_EVENT_TYPES.map((t) => textEl('t:EventType', t)),
    ),
  ];
}

export function buildStreamingSubscribeRequest(args: {
  folders: readonly WatchedFolder[];
}): XmlFragment {
  return el(
    'm:Subscribe',
    undefined,
    el('m:StreamingSubscriptionRequest', undefined, subscriptionBody(args.folders)),
  );
}

export function buildPullSubscribeRequest(args: {
  folders: readonly WatchedFolder[];
  timeoutMinutes?: number;
  watermark?: string;
}): XmlFragment {
  const timeout = args.timeoutMinutes ?? 10;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 1440)
    throw new RangeError('timeoutMinutes must be 1–1440');
  return el(
    'm:Subscribe',
    undefined,
    el('m:PullSubscriptionRequest', undefined, [
      ...subscriptionBody(args.folders),
      args.watermark === undefined ? undefined : textEl('t:Watermark', args.watermark),
      textEl('t:Timeout', timeout),
    ]),
  );
}

export function buildGetEventsRequest(args: {
  subscriptionId: string;
  watermark: string;
}): XmlFragment {
  return el('m:GetEvents', undefined, [
    textEl('m:SubscriptionId', args.subscriptionId),
    textEl('m:Watermark', args.watermark),
  ]);
}

export function buildGetStreamingEventsRequest(args: {
  subscriptionIds: readonly string[];
  connectionTimeoutMinutes: number;
}): XmlFragment {
  const minutes = args.connectionTimeoutMinutes;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 30)
    throw new RangeError('connectionTimeoutMinutes must be 1–30');
  if (args.subscriptionIds.length === 0) throw new RangeError('No subscription to stream');
  return el('m:GetStreamingEvents', undefined, [
    el(
      'm:SubscriptionIds',
      undefined,
      args.subscriptionIds.map((id) => textEl('t:SubscriptionId', id)),
    ),
    textEl('m:ConnectionTimeout', minutes),
  ]);
}

export function buildUnsubscribeRequest(args: { subscriptionId: string }): XmlFragment {
  return el('m:Unsubscribe', undefined, textEl('m:SubscriptionId', args.subscriptionId));
}

/**
 * Turns a failed response message about a subscription into what the caller must do: a lost
 * subscription, a refused streaming request, or the error as it was.
 */
export function classifySubscriptionError(
  error: EwsResponseError,
  mode: 'streaming' | 'pull' | 'any',
  subscriptionId?: string,
): EwsResponseError {
  if (SUBSCRIPTION_LOST_CODES.includes(error.responseCode))
    return new SubscriptionLostError(
      error.responseCode,
      error.messageText,
      error.messageXml,
      subscriptionId,
    );
  if (mode === 'streaming' && STREAMING_REFUSED_CODES.includes(error.responseCode))
    return new StreamingRefusedError(error.responseCode, error.messageText, error.messageXml);
  return error;
}

/** A SOAP fault about a streaming request (an older server's schema has no such element). */
export function streamingFault(error: unknown): StreamingRefusedError | undefined {
  if (!(error instanceof SoapFaultError)) return undefined;
  const code = error.responseCode ?? error.faultCode.replace(/^.*:/, '');
  if (!STREAMING_REFUSED_CODES.includes(code)) return undefined;
  return new StreamingRefusedError(code, error.faultString, error.messageXml);
}

const SUBSCRIBE_PATH = 'Envelope/Body/SubscribeResponse/ResponseMessages/SubscribeResponseMessage';

export function decodeSubscribeResponse(
  env: DecodedEnvelope,
  mode: 'streaming' | 'pull' = 'streaming',
): { id: string; watermark?: string } {
  const message = singleMessage(env, 'Subscribe');
  const error = responseMessageError(message, SUBSCRIBE_PATH);
  if (error) throw classifySubscriptionError(error, mode);
  const id = text(child(message, 'SubscriptionId')).trim();
  if (id === '') throw new DecodeError('Missing SubscriptionId', SUBSCRIBE_PATH);
  const watermark = text(child(message, 'Watermark')).trim();
  return watermark === '' ? { id } : { id, watermark };
}

/**
 * The X-BackEndOverrideCookie among the answer's Set-Cookie values (joined by ", "), verbatim
 * as the cookie value. Undefined when the server set none (on-premises servers do not).
 */
export function backEndOverrideCookie(setCookie: string | undefined): string | undefined {
  if (setCookie === undefined) return undefined;
  const match = /(?:^|[,;]\s*)X-BackEndOverrideCookie=([^;,\s]*)/i.exec(setCookie);
  const value = match?.[1];
  return value === undefined || value === '' ? undefined : value;
}

/** The request headers that keep a subscription's requests on its mailbox server. */
export function affinityHeaders(subscription: Subscription): Record<string, string> {
  return subscription.backEndOverrideCookie === undefined
    ? {}
    : { Cookie: `X-BackEndOverrideCookie=${subscription.backEndOverrideCookie}` };
}

function folderId(node: XmlNode | undefined): string | undefined {
  const id = attr(node, 'Id');
  return id === undefined || id === '' ? undefined : id;
}

function decodeEvent(name: string, node: XmlNode, path: string): NotificationEvent | undefined {
  const kind = EVENT_KINDS[name];
  if (kind === undefined) return undefined;
  const watermark = text(child(node, 'Watermark')).trim();
  if (kind === 'status') return watermark === '' ? { kind } : { kind, watermark };
  if (watermark === '') throw new DecodeError('Missing Watermark', path);
  const stamp = text(child(node, 'TimeStamp')).trim();
  if (stamp === '') throw new DecodeError('Missing TimeStamp', path);
  const parent = folderId(child(node, 'ParentFolderId'));
  if (parent === undefined) throw new DecodeError('Missing ParentFolderId', path);
  const event: ItemEvent = {
    kind,
    folderId: parent,
    watermark,
    timeStamp: parseInstant(stamp, `${path}/TimeStamp`),
  };
  const itemId = folderId(child(node, 'ItemId'));
  const changedFolder = folderId(child(node, 'FolderId'));
  if (itemId !== undefined) event.itemId = itemId;
  else if (changedFolder !== undefined) event.changedFolderId = changedFolder;
  else throw new DecodeError('The event names neither an item nor a folder', path);
  const oldParent = folderId(child(node, 'OldParentFolderId'));
  const oldItem = folderId(child(node, 'OldItemId'));
  if (oldParent !== undefined) event.oldFolderId = oldParent;
  if (oldItem !== undefined) event.oldItemId = oldItem;
  return event;
}

/**
 * One Notification element. `order` is the sequence of event element names as they stand in
 * the document (the tree groups same-named elements together); without it, events keep the
 * tree's grouping and are then ordered by TimeStamp, status events last.
 */
export function decodeNotification(
  node: XmlNode,
  path: string,
  order?: readonly string[],
): Notification {
  const subscriptionId = text(child(node, 'SubscriptionId')).trim();
  if (subscriptionId === '') throw new DecodeError('Missing SubscriptionId', path);
  const queues = new Map<string, XmlNode[]>();
  for (const name of EVENT_ELEMENTS) queues.set(name, [...children(node, name)]);
  const total = [...queues.values()].reduce((n, q) => n + q.length, 0);
  const sequence =
    order !== undefined && order.length === total && order.every((n) => queues.has(n))
      ? order
      : EVENT_ELEMENTS.flatMap((name) => (queues.get(name) ?? []).map(() => name));
  const counters = new Map<string, number>();
  const events: NotificationEvent[] = [];
  for (const name of sequence) {
    const index = counters.get(name) ?? 0;
    counters.set(name, index + 1);
    const eventNode = queues.get(name)?.[index];
    if (eventNode === undefined) continue;
    const event = decodeEvent(name, eventNode, `${path}/${name}[${index + 1}]`);
    if (event !== undefined) events.push(event);
  }
  if (sequence !== order) {
    const at = (e: NotificationEvent): number =>
      e.kind === 'status' ? Number.POSITIVE_INFINITY : e.timeStamp.getTime();
    events.sort((a, b) => at(a) - at(b));
  }
  const notification: Notification = {
    subscriptionId,
    moreEvents: readBool(node, 'MoreEvents', path) ?? false,
    events,
  };
  const previous = text(child(node, 'PreviousWatermark')).trim();
  if (previous !== '') notification.previousWatermark = previous;
  return notification;
}

/**
 * The event element names of each Notification, in document order, read from the raw text of
 * one answer (markup is plain ASCII; text never holds a raw `<`).
 */
export function eventOrder(xml: string): string[][] {
  const names = EVENT_ELEMENTS.join('|');
  const pattern = new RegExp(`<(?:[\\w.-]+:)?(Notification|${names})(?=[\\s/>])`, 'g');
  const out: string[][] = [];
  for (const match of xml.matchAll(pattern)) {
    const name = match[1] ?? '';
    if (name === 'Notification') out.push([]);
    else out[out.length - 1]?.push(name);
  }
  return out;
}

const EVENTS_PATH = 'Envelope/Body/GetEventsResponse/ResponseMessages/GetEventsResponseMessage';

export function decodeGetEventsResponse(
  env: DecodedEnvelope,
  subscriptionId?: string,
): Notification {
  const message = singleMessage(env, 'GetEvents');
  const error = responseMessageError(message, EVENTS_PATH);
  if (error) throw classifySubscriptionError(error, 'pull', subscriptionId);
  const node = child(message, 'Notification');
  if (!isObject(node)) throw new DecodeError('Missing Notification', EVENTS_PATH);
  return decodeNotification(node, `${EVENTS_PATH}/Notification`);
}

export function decodeUnsubscribeResponse(env: DecodedEnvelope): void {
  const path = 'Envelope/Body/UnsubscribeResponse/ResponseMessages/UnsubscribeResponseMessage';
  const error = responseMessageError(singleMessage(env, 'Unsubscribe'), path);
  // A subscription the server no longer knows is as unsubscribed as it gets.
  if (error && !SUBSCRIPTION_LOST_CODES.includes(error.responseCode)) throw error;
}

/** The last watermark a notification carries (to resume from), else `fallback`. */
export function lastWatermark(notification: Notification, fallback: string): string {
  for (let i = notification.events.length - 1; i >= 0; i--) {
    const w = notification.events[i]?.watermark;
    if (w !== undefined && w !== '') return w;
  }
  return fallback;
}

type Mode = 'streaming' | 'pull';

/**
 * Subscribes to `folders`; when the mailbox has no voicemail folder (ErrorFolderNotFound), once
 * more without it.
 */
async function subscribe(
  transport: EwsTransport,
  mode: Mode,
  args: (SubscribeArgs | PullSubscribeArgs) & RequestOptions,
  signal?: AbortSignal,
): Promise<Subscription> {
  let folders = [...new Set(args.folders ?? DEFAULT_WATCHED_FOLDERS)];
  for (;;) {
    const body =
      mode === 'streaming'
        ? buildStreamingSubscribeRequest({ folders })
        : buildPullSubscribeRequest({ ...(args as PullSubscribeArgs), folders });
    let cookie: string | undefined;
    const options: SendOptions = {
      headers: { 'X-PreferServerAffinity': 'true' },
      onHeaders: (headers) => {
        cookie = backEndOverrideCookie(headers['set-cookie']);
      },
    };
    try {
      const decoded = await transport.send(
        'Subscribe',
        buildEnvelope(body, args.header),
        (env) => decodeSubscribeResponse(env, mode),
        signal,
        options,
      );
      const subscription: Subscription = { id: decoded.id, mode, folders };
      const watermark = decoded.watermark ?? (args as PullSubscribeArgs).watermark;
      if (mode === 'pull' && watermark !== undefined) subscription.watermark = watermark;
      if (cookie !== undefined) subscription.backEndOverrideCookie = cookie;
      return subscription;
    } catch (error) {
      const refused = mode === 'streaming' ? streamingFault(error) : undefined;
      if (refused) throw refused;
      const missingVoicemail =
        error instanceof EwsResponseError &&
        error.responseCode === 'ErrorFolderNotFound' &&
        folders.includes('voicemail') &&
        folders.length > 1;
      if (!missingVoicemail) throw error;
      folders = folders.filter((f) => f !== 'voicemail');
    }
  }
}

export function subscribeStreaming(
  transport: EwsTransport,
  args: SubscribeArgs & RequestOptions = {},
  signal?: AbortSignal,
): Promise<Subscription> {
  return subscribe(transport, 'streaming', args, signal);
}

export function subscribePull(
  transport: EwsTransport,
  args: PullSubscribeArgs & RequestOptions = {},
  signal?: AbortSignal,
): Promise<Subscription> {
  return subscribe(transport, 'pull', args, signal);
}

/**
 * GetEvents from the subscription's watermark, again while the server says MoreEvents, at most
 * `maxRounds` times. The result's watermark is where the next call starts.
 */
export async function getEvents(
  transport: EwsTransport,
  subscription: Subscription,
  options: GetEventsOptions & RequestOptions = {},
  signal?: AbortSignal,
): Promise<GetEventsResult> {
  if (subscription.mode !== 'pull' || subscription.watermark === undefined)
    throw new RangeError('GetEvents needs a pull subscription with a watermark');
  const maxRounds = Math.max(1, options.maxRounds ?? 10);
  let watermark = subscription.watermark;
  const notifications: Notification[] = [];
  for (let round = 1; ; round++) {
    const envelope = buildEnvelope(
      buildGetEventsRequest({ subscriptionId: subscription.id, watermark }),
      options.header,
    );
    const notification = await transport.send(
      'GetEvents',
      envelope,
      (env) => decodeGetEventsResponse(env, subscription.id),
      signal,
      { headers: affinityHeaders(subscription) },
    );
    notifications.push(notification);
    watermark = lastWatermark(notification, watermark);
    if (!notification.moreEvents) return { notifications, watermark, moreEvents: false };
    if (round >= maxRounds) return { notifications, watermark, moreEvents: true };
  }
}

export async function unsubscribe(
  transport: EwsTransport,
  subscription: Subscription,
  options: RequestOptions = {},
  signal?: AbortSignal,
): Promise<void> {
  const envelope = buildEnvelope(
    buildUnsubscribeRequest({ subscriptionId: subscription.id }),
    options.header,
  );
  await transport.send('Unsubscribe', envelope, decodeUnsubscribeResponse, signal, {
    headers: affinityHeaders(subscription),
  });
}
