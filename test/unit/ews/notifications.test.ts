/**
 * Live-update decoders on Microsoft's example messages (values asserted), the typed errors a
 * lost subscription, a refused stream and a refused sync state become, the affinity cookie, and
 * every request the live-update builders write validated against the EWS schema.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EwsResponseError, ServerBusyError } from '../../../src-main/ews/errors.js';
import {
  StreamingRefusedError,
  SubscriptionLostError,
  SyncStateInvalidError,
} from '../../../src-main/ews/operations/notifications-errors.js';
import {
  buildGetWatchedFoldersRequest,
  decodeGetWatchedFoldersResponse,
} from '../../../src-main/ews/operations/notifications-folders.js';
import { decodeStreamingEnvelope } from '../../../src-main/ews/operations/notifications-stream.js';
import {
  backEndOverrideCookie,
  buildGetEventsRequest,
  buildGetStreamingEventsRequest,
  buildPullSubscribeRequest,
  buildStreamingSubscribeRequest,
  buildUnsubscribeRequest,
  decodeGetEventsResponse,
  decodeSubscribeResponse,
  decodeUnsubscribeResponse,
  eventOrder,
  streamingFault,
} from '../../../src-main/ews/operations/notifications.js';
import {
  buildSyncFolderItemsRequest,
  decodeSyncFolderItemsResponse,
} from '../../../src-main/ews/operations/sync.js';
import { buildEnvelope, readEnvelope } from '../../../src-main/ews/soap/envelope.js';
import type { XmlFragment } from '../../../src-main/ews/xml/build.js';
import { EwsSchemaValidator } from '../../../src-main/sim/schema/ews-schema-validator.js';
import { envelopeOf, thrown } from './operations/soap-fixture.js';
import { STREAM_ENVELOPES } from './streaming-fixture.js';

const CORPUS = join(import.meta.dirname, '../../../../shared/ews-corpus');
const corpus = (file: string): string => readFileSync(join(CORPUS, file), 'utf8');

describe('Subscribe', () => {
  it('reads the subscription id and watermark of a pull subscription', () => {
    expect(
      decodeSubscribeResponse(readEnvelope(corpus('Subscribe/ref-1.response.xml')), 'pull'),
    ).toEqual({ id: '39ea5d0f-f062-455e-a1e9-89c0304390f4', watermark: 'AAAAAHgGAAAAAAAAAQ==' });
  });

  it('reads a streaming subscription, which has no watermark', () => {
    expect(
      decodeSubscribeResponse(
        readEnvelope(
          corpus(
            'Subscribe/howto-maintain-affinity-between-group-of-subscriptions-and-mailbox-server-1.response.xml',
          ),
        ),
      ),
    ).toEqual({
      id: 'JgBjbzFwcjA2bWIyMjIubmFtcHJkMDYucHJvZC5vdXRsb29rLmNvbRAAAAAUeGk+7JFdSaFM8/NI/gQQpVdgZX6H0Ag=',
    });
  });

  it('keeps an unrelated refusal as the EWS error it is', () => {
    const error = thrown(() =>
      decodeSubscribeResponse(readEnvelope(corpus('Subscribe/ref-1-error.response.xml'))),
    );
    expect(error).toBeInstanceOf(EwsResponseError);
    expect(error).not.toBeInstanceOf(StreamingRefusedError);
    expect((error as EwsResponseError).responseCode).toBe(
      'ErrorSubscriptionDelegateAccessNotSupported',
    );
  });

  it('turns a server that does not stream into StreamingRefusedError (message or schema fault)', () => {
    const refused = thrown(() =>
      decodeSubscribeResponse(
        envelopeOf(
          `<m:SubscribeResponse><m:ResponseMessages><m:SubscribeResponseMessage ResponseClass="Error"><m:MessageText>Streaming is off</m:MessageText><m:ResponseCode>ErrorInvalidRequest</m:ResponseCode></m:SubscribeResponseMessage></m:ResponseMessages></m:SubscribeResponse>`,
        ),
      ),
    );
    expect(refused).toBeInstanceOf(StreamingRefusedError);
    expect((refused as StreamingRefusedError).responseCode).toBe('ErrorInvalidRequest');
    const fault = thrown(() =>
      readEnvelope(
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode><faultstring>The element 'Subscribe' has invalid child element 'StreamingSubscriptionRequest'.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode></detail></s:Fault></s:Body></s:Envelope>`,
      ),
    );
    const mapped = streamingFault(fault);
    expect(mapped).toBeInstanceOf(StreamingRefusedError);
    expect(mapped?.responseCode).toBe('ErrorSchemaValidation');
  });

  it('finds the X-BackEndOverrideCookie among the Set-Cookie values', () => {
    expect(
      backEndOverrideCookie(
        'exchangecookie=6f3e; expires=Thu, 01-Jan-2027 00:00:00 GMT; path=/, X-BackEndOverrideCookie=CO1PR06MB222.namprd06.prod.outlook.com~1941996295; path=/; secure; HttpOnly',
      ),
    ).toBe('CO1PR06MB222.namprd06.prod.outlook.com~1941996295');
    expect(backEndOverrideCookie('exchangecookie=6f3e; path=/')).toBeUndefined();
    expect(backEndOverrideCookie(undefined)).toBeUndefined();
  });
});

describe('GetEvents', () => {
  it('reads the events of the reference answer with their watermarks, items and folders', () => {
    const n = decodeGetEventsResponse(readEnvelope(corpus('GetEvents/ref.response.xml')));
    expect(n).toEqual({
      subscriptionId: 'f6bc657d-dde1-4f94-952d-143b95d6483d',
      previousWatermark: 'AAAAAMAGAAAAAAAAAQ==',
      moreEvents: false,
      events: [
        {
          kind: 'newMail',
          watermark: 'AAAAAM4GAAAAAAAAAQ==',
          timeStamp: new Date('2006-08-22T00:36:29Z'),
          itemId: 'AQApAHR',
          folderId: 'AQApAH',
        },
        {
          kind: 'newMail',
          watermark: 'AAAAAOQGAAAAAAAAAQ==',
          timeStamp: new Date('2006-08-22T01:00:50Z'),
          itemId: 'AQApAHRw',
          folderId: 'AQApAH',
        },
      ],
    });
  });

  it('keeps an access refusal as it is and a lost subscription as SubscriptionLostError', () => {
    const denied = thrown(() =>
      decodeGetEventsResponse(readEnvelope(corpus('GetEvents/ref-error.response.xml'))),
    );
    expect(denied).toBeInstanceOf(EwsResponseError);
    expect(denied).not.toBeInstanceOf(SubscriptionLostError);
    expect((denied as EwsResponseError).responseCode).toBe('ErrorSubscriptionAccessDenied');
    for (const code of [
      'ErrorSubscriptionNotFound',
      'ErrorExpiredSubscription',
      'ErrorInvalidSubscription',
    ]) {
      const lost = thrown(() =>
        decodeGetEventsResponse(
          envelopeOf(
            `<m:GetEventsResponse><m:ResponseMessages><m:GetEventsResponseMessage ResponseClass="Error"><m:MessageText>gone</m:MessageText><m:ResponseCode>${code}</m:ResponseCode></m:GetEventsResponseMessage></m:ResponseMessages></m:GetEventsResponse>`,
          ),
          'sub-1',
        ),
      );
      expect(lost).toBeInstanceOf(SubscriptionLostError);
      expect((lost as SubscriptionLostError).responseCode).toBe(code);
      expect((lost as SubscriptionLostError).subscriptionId).toBe('sub-1');
    }
  });

  it('reads moved events with where the item was, and status events', () => {
    const n = decodeGetEventsResponse(
      envelopeOf(`<m:GetEventsResponse><m:ResponseMessages><m:GetEventsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
      <m:Notification><t:SubscriptionId>s</t:SubscriptionId><t:PreviousWatermark>W0</t:PreviousWatermark><t:MoreEvents>true</t:MoreEvents>
      <t:StatusEvent><t:Watermark>W3</t:Watermark></t:StatusEvent>
      <t:MovedEvent><t:Watermark>W2</t:Watermark><t:TimeStamp>2026-03-17T17:01:00Z</t:TimeStamp><t:ItemId Id="NEW" ChangeKey="c"/><t:ParentFolderId Id="DELETED"/><t:OldItemId Id="OLD"/><t:OldParentFolderId Id="CAL"/></t:MovedEvent>
      <t:ModifiedEvent><t:Watermark>W1</t:Watermark><t:TimeStamp>2026-03-17T17:00:00Z</t:TimeStamp><t:FolderId Id="CAL"/><t:ParentFolderId Id="ROOT"/><t:UnreadCount>0</t:UnreadCount></t:ModifiedEvent>
      </m:Notification></m:GetEventsResponseMessage></m:ResponseMessages></m:GetEventsResponse>`),
    );
    expect(n.moreEvents).toBe(true);
    // Without the document order the events are ordered by time, status last.
    expect(n.events).toEqual([
      {
        kind: 'modified',
        watermark: 'W1',
        timeStamp: new Date('2026-03-17T17:00:00Z'),
        changedFolderId: 'CAL',
        folderId: 'ROOT',
      },
      {
        kind: 'moved',
        watermark: 'W2',
        timeStamp: new Date('2026-03-17T17:01:00Z'),
        itemId: 'NEW',
        folderId: 'DELETED',
        oldItemId: 'OLD',
        oldFolderId: 'CAL',
      },
      { kind: 'status', watermark: 'W3' },
    ]);
  });
});

describe('Unsubscribe', () => {
  it('succeeds on success and on a subscription that is already gone', () => {
    const outcome = (file: string): unknown => {
      try {
        decodeUnsubscribeResponse(readEnvelope(corpus(file)));
        return 'unsubscribed';
      } catch (error) {
        return error;
      }
    };
    expect(outcome('Unsubscribe/ref.response.xml')).toBe('unsubscribed');
    expect(outcome('Unsubscribe/ref-error.response.xml')).toBe('unsubscribed');
    const busy = thrown(() => {
      decodeUnsubscribeResponse(
        envelopeOf(
          `<m:UnsubscribeResponse><m:ResponseMessages><m:UnsubscribeResponseMessage ResponseClass="Error"><m:MessageText>busy</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:MessageXml><t:Value Name="BackOffMilliseconds">3000</t:Value></m:MessageXml></m:UnsubscribeResponseMessage></m:ResponseMessages></m:UnsubscribeResponse>`,
        ),
      );
    });
    expect(busy).toBeInstanceOf(ServerBusyError);
    expect((busy as ServerBusyError).retryAfterMs).toBe(3000);
  });
});

describe('GetStreamingEvents envelopes', () => {
  it('reads notifications in document order, then the connection status', () => {
    const [first, second, third] = STREAM_ENVELOPES;
    expect(decodeStreamingEnvelope(first ?? '')).toEqual([{ type: 'connection', status: 'OK' }]);
    const messages = decodeStreamingEnvelope(second ?? '');
    expect(messages).toHaveLength(1);
    const [message] = messages;
    if (message?.type !== 'notifications') throw new Error('expected notifications');
    expect(message.notifications).toHaveLength(1);
    expect(message.notifications[0]?.events.map((e) => [e.kind, e.watermark])).toEqual([
      ['created', 'AQAAAA1'],
      ['newMail', 'AQAAAA2'],
      ['modified', 'AQAAAA3'],
      ['created', 'AQAAAA4'],
    ]);
    expect(decodeStreamingEnvelope(third ?? '')).toEqual([{ type: 'connection', status: 'OK' }]);
  });

  it('orders events by where they stand in the text, across several notifications', () => {
    expect(
      eventOrder(
        '<m:Notifications><t:Notification><t:SubscriptionId>a</t:SubscriptionId><t:ModifiedEvent/><t:CreatedEvent></t:CreatedEvent><t:ModifiedEvent x="1"/></t:Notification><Notification><DeletedEvent/></Notification></m:Notifications>',
      ),
    ).toEqual([['ModifiedEvent', 'CreatedEvent', 'ModifiedEvent'], ['DeletedEvent']]);
  });

  it('ends with Closed and fails a lost subscription with its id', () => {
    const closed = STREAM_ENVELOPES[STREAM_ENVELOPES.length - 2] ?? '';
    expect(decodeStreamingEnvelope(closed)).toEqual([{ type: 'connection', status: 'Closed' }]);
    const lost = thrown(() =>
      decodeStreamingEnvelope(STREAM_ENVELOPES[STREAM_ENVELOPES.length - 1] ?? ''),
    );
    expect(lost).toBeInstanceOf(SubscriptionLostError);
    expect((lost as SubscriptionLostError).subscriptionId).toBe('STREAMSUB1');
    expect((lost as SubscriptionLostError).messageText).toBe('구독을 찾을 수 없습니다 🔔');
  });
});

describe('SyncFolderItems', () => {
  it('reads a first sync: five creates with ids, the state and the end of the range', () => {
    const page = decodeSyncFolderItemsResponse(
      readEnvelope(corpus('SyncFolderItems/howto-synchronize-items-1.response.xml')),
    );
    expect(page.syncState).toBe('H4sIAAA==');
    expect(page.includesLastItemInRange).toBe(true);
    expect(page.changes.map((c) => (c.kind === 'create' ? c.item.id : c.kind))).toEqual([
      'q04QAAAA==',
      'q07AAAAA==',
      'q1AwAAAA==',
      'AAMkADBh==',
      'AAMkADBh==',
    ]);
  });

  it('reads updates, creates, a read-flag change and a delete with their fields', () => {
    const page = decodeSyncFolderItemsResponse(
      readEnvelope(corpus('SyncFolderItems/howto-synchronize-items-2.response.xml')),
    );
    expect(page.syncState).toBe('H4sIAAAAAAAEAO29B2AcSZY==');
    const summary = page.changes.map((c) =>
      c.kind === 'create' || c.kind === 'update'
        ? {
            kind: c.kind,
            id: c.item.id,
            subject: c.item.subject,
            received: c.item.received?.toISOString(),
            isRead: c.item.isRead,
            itemClass: c.item.itemClass,
          }
        : c,
    );
    expect(summary).toEqual([
      {
        kind: 'create',
        id: 'AQMkAD+',
        subject: 'RE: Review Proposal for Contoso',
        received: '2013-08-29T16:20:10.000Z',
        isRead: true,
        itemClass: 'IPM.Note',
      },
      {
        kind: 'create',
        id: 'Q04AAAAA==',
        subject: 'RE: Review Proposal for Contoso',
        received: '2013-08-29T15:30:10.000Z',
        isRead: true,
        itemClass: 'IPM.Note',
      },
      {
        kind: 'update',
        id: 'q04QAAAA==',
        subject: 'RE: Company Soccer Team',
        received: '2013-08-29T15:22:10.000Z',
        isRead: true,
        itemClass: 'IPM.Note',
      },
      { kind: 'delete', id: 'q1AwAAAA==' },
      { kind: 'readFlagChange', id: 'q07AAAAA==', isRead: true },
    ]);
  });

  it('reads calendar fields as instants', () => {
    const page = decodeSyncFolderItemsResponse(
      envelopeOf(`<m:SyncFolderItemsResponse><m:ResponseMessages><m:SyncFolderItemsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
      <m:SyncState>S2</m:SyncState><m:IncludesLastItemInRange>false</m:IncludesLastItemInRange><m:Changes><t:Update><t:CalendarItem><t:ItemId Id="M1" ChangeKey="K"/><t:ItemClass>IPM.Appointment</t:ItemClass><t:Subject> Standup </t:Subject>
      <t:Start>2026-03-17T17:30:00Z</t:Start><t:End>2026-03-17T18:00:00Z</t:End><t:IsAllDayEvent>false</t:IsAllDayEvent><t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus><t:CalendarItemType>Single</t:CalendarItemType></t:CalendarItem></t:Update></m:Changes>
      </m:SyncFolderItemsResponseMessage></m:ResponseMessages></m:SyncFolderItemsResponse>`),
    );
    expect(page).toEqual({
      syncState: 'S2',
      includesLastItemInRange: false,
      changes: [
        {
          kind: 'update',
          item: {
            id: 'M1',
            changeKey: 'K',
            itemClass: 'IPM.Appointment',
            subject: 'Standup',
            start: new Date('2026-03-17T17:30:00Z'),
            end: new Date('2026-03-17T18:00:00Z'),
            isAllDay: false,
            freeBusy: 'Busy',
            calendarItemType: 'Single',
          },
        },
      ],
    });
  });

  it('turns a refused sync state into SyncStateInvalidError', () => {
    const error = thrown(() =>
      decodeSyncFolderItemsResponse(readEnvelope(corpus('SyncFolderItems/ref-error.response.xml'))),
    );
    expect(error).toBeInstanceOf(SyncStateInvalidError);
    expect((error as SyncStateInvalidError).responseCode).toBe('ErrorInvalidSyncStateData');
  });
});

describe('GetFolder for the watched folders', () => {
  it('reads the folder id of the example answer', () => {
    const ids = decodeGetWatchedFoldersResponse(
      readEnvelope(corpus('GetFolder/howto-work-with-folders.response.xml')),
      ['calendar'],
    );
    expect([...ids]).toEqual([['AAAENAAA=', 'calendar']]);
  });

  it('maps each answer to its folder in order and leaves out a missing voicemail folder', () => {
    const ok = (kind: string, id: string): string =>
      `<m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:${kind}><t:FolderId Id="${id}" ChangeKey="x"/></t:${kind}></m:Folders></m:GetFolderResponseMessage>`;
    const ids = decodeGetWatchedFoldersResponse(
      envelopeOf(
        `<m:GetFolderResponse><m:ResponseMessages>${ok('CalendarFolder', 'CAL')}${ok('Folder', 'INBOX')}<m:GetFolderResponseMessage ResponseClass="Error"><m:MessageText>not found</m:MessageText><m:ResponseCode>ErrorFolderNotFound</m:ResponseCode></m:GetFolderResponseMessage></m:ResponseMessages></m:GetFolderResponse>`,
      ),
      ['calendar', 'inbox', 'voicemail'],
    );
    expect([...ids]).toEqual([
      ['CAL', 'calendar'],
      ['INBOX', 'inbox'],
    ]);
    const short = thrown(() =>
      decodeGetWatchedFoldersResponse(
        envelopeOf(
          `<m:GetFolderResponse><m:ResponseMessages>${ok('Folder', 'X')}</m:ResponseMessages></m:GetFolderResponse>`,
        ),
        ['calendar', 'inbox'],
      ),
    );
    expect(short).toBeInstanceOf(Error);
    expect((short as Error).message).toMatch(/Expected 2 response messages, got 1/);
  });
});

describe('live-update requests against the EWS schema', () => {
  let validator: EwsSchemaValidator;
  beforeAll(() => {
    validator = EwsSchemaValidator.load();
  });

  const requests: [string, XmlFragment][] = [
    [
      'Subscribe streaming, three folders',
      buildStreamingSubscribeRequest({ folders: ['calendar', 'inbox', 'voicemail'] }),
    ],
    [
      'Subscribe pull with a watermark',
      buildPullSubscribeRequest({ folders: ['calendar'], timeoutMinutes: 30, watermark: 'AAA=' }),
    ],
    ['Subscribe pull without a watermark', buildPullSubscribeRequest({ folders: ['inbox'] })],
    ['GetEvents', buildGetEventsRequest({ subscriptionId: 'sub', watermark: 'AAA=' })],
    [
      'GetStreamingEvents',
      buildGetStreamingEventsRequest({ subscriptionIds: ['a', 'b'], connectionTimeoutMinutes: 30 }),
    ],
    ['Unsubscribe', buildUnsubscribeRequest({ subscriptionId: 'sub' })],
    [
      'GetFolder of the watched folders',
      buildGetWatchedFoldersRequest({ folders: ['calendar', 'inbox', 'voicemail'] }),
    ],
    ['SyncFolderItems calendar, first', buildSyncFolderItemsRequest({ folder: 'calendar' })],
    [
      'SyncFolderItems voicemail, with state',
      buildSyncFolderItemsRequest({
        folder: 'voicemail',
        syncState: 'H4sI<&>',
        maxChangesReturned: 512,
      }),
    ],
    [
      'SyncFolderItems inbox',
      buildSyncFolderItemsRequest({ folder: 'inbox', maxChangesReturned: 1 }),
    ],
  ];

  it.each(requests)('%s validates', (_name, body) => {
    expect(validator.validateEnvelope(buildEnvelope(body))).toEqual({ valid: true });
  });

  it('refuses out-of-range numbers before sending', () => {
    expect(() =>
      buildGetStreamingEventsRequest({ subscriptionIds: ['a'], connectionTimeoutMinutes: 31 }),
    ).toThrow(RangeError);
    expect(() => buildPullSubscribeRequest({ folders: ['inbox'], timeoutMinutes: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      buildSyncFolderItemsRequest({ folder: 'calendar', maxChangesReturned: 513 }),
    ).toThrow(RangeError);
    expect(() => buildStreamingSubscribeRequest({ folders: [] })).toThrow(RangeError);
  });
});
