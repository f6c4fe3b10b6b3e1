/** Notification XML as Exchange writes it: events, t:Notification, and the streaming envelopes. */
import { el, textEl, type XmlFragment } from '../../ews/xml/build.js';
import type { MailboxEvent, WatchedFolder } from '../change-journal.js';
import { operationElement, responseEnvelope, responseMessage } from '../soap.js';
import type { NotificationCenter } from '../subscriptions.js';
import { formatUtc } from '../time-zone.js';

const FOLDER_PREFIX = 'beacon-sim:folder:';
const FOLDER_CHANGE_KEY = 'AQAAABYAAABeacon';

/** The opaque FolderId the simulator gives a folder (its messages name no other). */
export function folderId(folder: WatchedFolder | 'msgfolderroot'): string {
  return Buffer.from(`${FOLDER_PREFIX}${folder}`).toString('base64');
}

/** The folder a FolderId this simulator gave out stands for. */
export function folderOfId(id: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(id)) return undefined;
  const raw = Buffer.from(id, 'base64').toString('utf8');
  return raw.startsWith(FOLDER_PREFIX) ? raw.slice(FOLDER_PREFIX.length) : undefined;
}

function folderIdXml(name: string, folder: WatchedFolder | 'msgfolderroot'): XmlFragment {
  return el(name, { Id: folderId(folder), ChangeKey: FOLDER_CHANGE_KEY });
}

/** One event element (t:CreatedEvent, t:MovedEvent ...) in schema order. */
export function eventXml(center: NotificationCenter, event: MailboxEvent): XmlFragment {
  const target = event.item
    ? el('t:ItemId', { Id: event.item.id, ChangeKey: event.item.changeKey })
    : folderIdXml('t:FolderId', event.folder);
  const parent = folderIdXml('t:ParentFolderId', event.item ? event.folder : 'msgfolderroot');
  const moved =
    event.type === 'MovedEvent' || event.type === 'CopiedEvent'
      ? [
          event.item
            ? el('t:OldItemId', { Id: event.item.id, ChangeKey: event.item.changeKey })
            : folderIdXml('t:OldFolderId', event.folder),
          folderIdXml('t:OldParentFolderId', event.oldFolder ?? event.folder),
        ]
      : [];
  const unread =
    event.type === 'ModifiedEvent' && event.unreadCount !== undefined
      ? textEl('t:UnreadCount', event.unreadCount)
      : undefined;
  return el(`t:${event.type}`, undefined, [
    textEl('t:Watermark', center.watermark(event.seq)),
    textEl('t:TimeStamp', formatUtc(event.at)),
    target,
    parent,
    ...moved,
    unread,
  ]);
}

/** A t:Notification body: the subscription, the watermark before, and its events (or a StatusEvent). */
export function notificationContent(
  center: NotificationCenter,
  subscriptionId: string,
  previous: number,
  events: readonly MailboxEvent[],
  more: boolean,
  statusWatermark: number,
): XmlFragment[] {
  return [
    textEl('t:SubscriptionId', subscriptionId),
    textEl('t:PreviousWatermark', center.watermark(previous)),
    textEl('t:MoreEvents', more),
    ...(events.length > 0
      ? events.map((e) => eventXml(center, e))
      : [el('t:StatusEvent', undefined, textEl('t:Watermark', center.watermark(statusWatermark)))]),
  ];
}

export interface StreamBatch {
  subscriptionId: string;
  previous: number;
  events: readonly MailboxEvent[];
}

/** One envelope of a GetStreamingEvents stream. */
export function streamingEnvelope(
  center: NotificationCenter,
  content: { batches?: readonly StreamBatch[]; status?: 'OK' | 'Closed' },
): string {
  const notifications =
    content.batches && content.batches.length > 0
      ? el(
          'm:Notifications',
          undefined,
          content.batches.map((b) =>
            el(
              't:Notification',
              undefined,
              notificationContent(
                center,
                b.subscriptionId,
                b.previous,
                b.events,
                false,
                b.previous,
              ),
            ),
          ),
        )
      : undefined;
  const status =
    content.status === undefined ? undefined : textEl('m:ConnectionStatus', content.status);
  return responseEnvelope(
    operationElement('GetStreamingEventsResponse', {}, [
      el(
        'm:ResponseMessages',
        undefined,
        responseMessage('GetStreamingEventsResponseMessage', 'Success', 'NoError', [
          notifications,
          status,
        ]),
      ),
    ]),
  );
}

/** A GetStreamingEvents error answer (sent whole; no stream follows). */
export function streamingError(
  code: string,
  text: string,
  errorSubscriptionIds: readonly string[] = [],
): XmlFragment {
  return operationElement('GetStreamingEventsResponse', {}, [
    el(
      'm:ResponseMessages',
      undefined,
      responseMessage(
        'GetStreamingEventsResponseMessage',
        'Error',
        code,
        [
          errorSubscriptionIds.length > 0
            ? el(
                'm:ErrorSubscriptionIds',
                undefined,
                errorSubscriptionIds.map((id) => textEl('t:SubscriptionId', id)),
              )
            : undefined,
        ],
        text,
      ),
    ),
  ]);
}
