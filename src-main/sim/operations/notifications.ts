/** Subscribe, Unsubscribe, GetEvents and GetStreamingEvents (the stream itself: notification-stream.ts). */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import { attr, child, childText, children, text, type XmlNode } from '../../ews/xml/parse.js';
import { WATCHED_FOLDERS, type EventType, type WatchedFolder } from '../change-journal.js';
import { operationElement, responseMessage, SoapFault } from '../soap.js';
import { AFFINITY_COOKIE, type NotificationCenter, type Subscription } from '../subscriptions.js';
import type { OperationContext, OperationHandler } from './context.js';
import { folderOfId, notificationContent, streamingError } from './notifications-xml.js';
import { xsBoolean } from './xs-boolean.js';

const NOT_FOUND_TEXT = 'The specified subscription was not found.';

export function centerOf(context: OperationContext): NotificationCenter {
  if (context.notifications === undefined) {
    throw new SoapFault('ErrorInvalidRequest', 'Notifications are not available on this server.');
  }
  return context.notifications;
}

function header(context: OperationContext, name: string): string | undefined {
  const value = context.headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value.join('; ') : value;
}

/** Whether the request carries the affinity cookie the subscription was given (when checked). */
function affinityHolds(context: OperationContext, subscription: Subscription): boolean {
  const center = centerOf(context);
  if (!center.settings.requireAffinityCookie || subscription.affinityCookie === undefined) {
    return true;
  }
  const cookies = (header(context, 'cookie') ?? '').split(';').map((c) => c.trim());
  return cookies.includes(`${AFFINITY_COOKIE}=${subscription.affinityCookie}`);
}

type Folders = { folders: WatchedFolder[] } | { code: string; text: string };

function readFolders(context: OperationContext, node: XmlNode | undefined): Folders {
  const folders: WatchedFolder[] = [];
  const notFound = {
    code: 'ErrorFolderNotFound',
    text: 'The specified folder could not be found in the store.',
  };
  const named: string[] = [];
  for (const id of children(node, 'DistinguishedFolderId')) {
    const address = childText(child(id, 'Mailbox'), 'EmailAddress');
    if (address !== undefined && context.store.find(address) !== context.user) {
      return {
        code: 'ErrorSubscriptionDelegateAccessNotSupported',
        text: 'Subscriptions are not supported for delegate user access.',
      };
    }
    named.push(attr(id, 'Id') ?? '');
  }
  for (const id of children(node, 'FolderId')) named.push(folderOfId(attr(id, 'Id') ?? '') ?? '');
  for (const name of named) {
    if (!(WATCHED_FOLDERS as readonly string[]).includes(name)) return notFound;
    if (name === 'voicemail' && !context.user.voicemailEnabled) return notFound;
    folders.push(name as WatchedFolder);
  }
  return { folders };
}

function subscribeError(code: string, messageText: string): XmlFragment {
  return responseMessage('SubscribeResponseMessage', 'Error', code, [], messageText);
}

function wrap(name: string, message: XmlFragment): XmlFragment {
  return operationElement(name, {}, [el('m:ResponseMessages', undefined, message)]);
}

export const subscribe: OperationHandler = (context, request) => {
  const center = centerOf(context);
  const pull = child(request, 'PullSubscriptionRequest');
  const streaming = child(request, 'StreamingSubscriptionRequest');
  const spec = pull ?? streaming;
  if (spec === undefined) {
    return wrap(
      'SubscribeResponse',
      subscribeError(
        'ErrorInvalidSubscriptionRequest',
        'The simulator offers pull and streaming subscriptions only (no push).',
      ),
    );
  }
  const allFolders = xsBoolean(attr(spec, 'SubscribeToAllFolders')) === true;
  const folders = readFolders(context, child(spec, 'FolderIds'));
  if ('code' in folders)
    return wrap('SubscribeResponse', subscribeError(folders.code, folders.text));
  if (!allFolders && folders.folders.length === 0) {
    return wrap(
      'SubscribeResponse',
      subscribeError(
        'ErrorInvalidSubscriptionRequest',
        'The subscription request must name folders or subscribe to all folders.',
      ),
    );
  }
  const eventTypes = children(child(spec, 'EventTypes'), 'EventType').map(
    (e) => text(e).trim() as EventType,
  );
  const watermark = childText(spec, 'Watermark');
  const timeout = childText(spec, 'Timeout');
  const affinity = (header(context, 'x-preferserveraffinity') ?? '').toLowerCase() === 'true';
  const result = center.subscribe(context.user, {
    kind: pull !== undefined ? 'pull' : 'streaming',
    folders: folders.folders,
    allFolders,
    eventTypes,
    ...(timeout === undefined ? {} : { timeoutMinutes: Number(timeout) }),
    ...(watermark === undefined ? {} : { watermark }),
    affinity,
  });
  if (!result.ok) return wrap('SubscribeResponse', subscribeError(result.code, result.text));
  const { subscription } = result;
  if (subscription.affinityCookie !== undefined && context.reply) {
    context.reply.headers['Set-Cookie'] =
      `${AFFINITY_COOKIE}=${subscription.affinityCookie}; path=/; secure; HttpOnly`;
  }
  return wrap(
    'SubscribeResponse',
    responseMessage('SubscribeResponseMessage', 'Success', 'NoError', [
      textEl('m:SubscriptionId', subscription.id),
      // Exchange gives pull subscriptions their starting watermark; streaming ones get none.
      subscription.kind === 'pull' ? textEl('m:Watermark', result.watermark) : undefined,
    ]),
  );
};

export const unsubscribe: OperationHandler = (context, request) => {
  const center = centerOf(context);
  const id = childText(request, 'SubscriptionId') ?? '';
  const subscription = center.find(id, context.user.email);
  const message =
    subscription === undefined
      ? responseMessage(
          'UnsubscribeResponseMessage',
          'Error',
          'ErrorSubscriptionNotFound',
          [],
          NOT_FOUND_TEXT,
        )
      : (center.unsubscribe(subscription),
        responseMessage('UnsubscribeResponseMessage', 'Success', 'NoError'));
  return wrap('UnsubscribeResponse', message);
};

function getEventsError(code: string, messageText: string): XmlFragment {
  return wrap(
    'GetEventsResponse',
    responseMessage('GetEventsResponseMessage', 'Error', code, [], messageText),
  );
}

export const getEvents: OperationHandler = (context, request) => {
  const center = centerOf(context);
  const id = childText(request, 'SubscriptionId') ?? '';
  const subscription = center.find(id, context.user.email);
  if (subscription !== undefined && context.fault?.kind === 'subscription-lost') {
    center.lose(subscription);
    return getEventsError('ErrorSubscriptionNotFound', NOT_FOUND_TEXT);
  }
  if (subscription === undefined || !affinityHolds(context, subscription)) {
    return getEventsError('ErrorSubscriptionNotFound', NOT_FOUND_TEXT);
  }
  if (subscription.kind !== 'pull') {
    return getEventsError(
      'ErrorInvalidPullSubscriptionId',
      'The subscription id is not a pull subscription.',
    );
  }
  const watermark = center.readWatermark(childText(request, 'Watermark') ?? '');
  if (watermark === undefined || watermark > center.head(subscription)) {
    return getEventsError(
      'ErrorInvalidWatermark',
      'The watermark used for creating this subscription was not recognized.',
    );
  }
  center.touch(subscription);
  subscription.cursor = Math.max(watermark, 0);
  if (center.missedEvents(subscription)) {
    center.unsubscribe(subscription);
    return getEventsError(
      'ErrorMissedNotificationEvents',
      'Notification events were missed; create a new subscription and synchronize.',
    );
  }
  const limit = center.settings.maxEventsPerGet;
  const batch = center.pending(subscription, limit + 1);
  const more = batch.length > limit;
  const events = batch.slice(0, limit);
  const last = events.at(-1)?.seq ?? center.head(subscription);
  subscription.cursor = last;
  return wrap(
    'GetEventsResponse',
    responseMessage('GetEventsResponseMessage', 'Success', 'NoError', [
      el(
        'm:Notification',
        undefined,
        notificationContent(center, id, watermark, events, more, last),
      ),
    ]),
  );
};

/**
 * Checks a GetStreamingEvents request. On success it answers with nothing itself: it asks the
 * server (through `context.reply.stream`) to keep the response open as a stream.
 */
export const getStreamingEvents: OperationHandler = (context, request) => {
  const center = centerOf(context);
  const ids = children(child(request, 'SubscriptionIds'), 'SubscriptionId').map((n) =>
    text(n).trim(),
  );
  const timeout = Number(childText(request, 'ConnectionTimeout') ?? '30');
  if (ids.length > center.settings.maxSubscriptionsPerConnection) {
    return streamingError(
      'ErrorInvalidRequest',
      `A streaming connection carries at most ${center.settings.maxSubscriptionsPerConnection} subscriptions.`,
    );
  }
  const found = ids.map((id) => ({ id, subscription: center.find(id, context.user.email) }));
  if (context.fault?.kind === 'subscription-lost') {
    for (const f of found) if (f.subscription) center.lose(f.subscription);
    return streamingError('ErrorSubscriptionNotFound', NOT_FOUND_TEXT, ids);
  }
  const missing = found
    .filter((f) => f.subscription === undefined || !affinityHolds(context, f.subscription))
    .map((f) => f.id);
  if (missing.length > 0) {
    return streamingError('ErrorSubscriptionNotFound', NOT_FOUND_TEXT, missing);
  }
  const pullOnes = found.filter((f) => f.subscription?.kind === 'pull').map((f) => f.id);
  if (pullOnes.length > 0) {
    return streamingError(
      'ErrorInvalidSubscription',
      'A pull subscription cannot be used for streaming notifications.',
      pullOnes,
    );
  }
  if (center.openConnections(context.user.email) >= center.settings.maxConnections) {
    return streamingError(
      'ErrorExceededConnectionCount',
      `You have exceeded the available concurrent connections (${center.settings.maxConnections}) for your account. Try again once your other requests have completed.`,
    );
  }
  if (context.reply) {
    context.reply.stream = {
      owner: context.user.email.toLowerCase(),
      subscriptionIds: ids,
      timeoutMinutes: timeout,
      ...(context.fault?.kind === 'stream-cut'
        ? { fault: 'cut' as const }
        : context.fault?.kind === 'stream-stall'
          ? { fault: 'stall' as const }
          : {}),
    };
  }
  // What a server that cannot stream would answer; the endpoint replaces it with the stream.
  return streamingError('ErrorInvalidRequest', 'Streaming is not available on this connection.');
};
