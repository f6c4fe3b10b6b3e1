/**
 * Every request body the library builds, for every option combination the unit tests use,
 * validates against Microsoft's schema (../shared/ews-schema). The validator loads once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  availabilityRequest,
  buildGetUserAvailabilityRequest,
} from '../../../../src-main/ews/operations/availability.js';
import { buildFindCalendarItemsRequest } from '../../../../src-main/ews/operations/calendar.js';
import { buildSaveConversationRequest } from '../../../../src-main/ews/operations/conversation-history.js';
import { buildGetMailTipsRequest } from '../../../../src-main/ews/operations/mailtips.js';
import {
  buildGetUserOofSettingsRequest,
  buildSetUserOofSettingsRequest,
  type OofSettings,
} from '../../../../src-main/ews/operations/oof.js';
import { buildResolveNamesRequest } from '../../../../src-main/ews/operations/resolve-names.js';
import {
  buildDeleteItemRequest,
  buildFindVoicemailRequest,
  buildGetAttachmentRequest,
  buildGetVoicemailRequest,
  buildGetVoicemailsRequest,
  buildMarkReadRequest,
} from '../../../../src-main/ews/operations/voicemail.js';
import { buildEnvelope, type RequestHeader } from '../../../../src-main/ews/soap/envelope.js';
import { el, textEl, type XmlFragment } from '../../../../src-main/ews/xml/build.js';
import { EwsSchemaValidator } from '../../../../src-main/sim/schema/ews-schema-validator.js';

const d = (iso: string): Date => new Date(iso);

const minimalOof: OofSettings = {
  state: 'Disabled',
  externalAudience: 'None',
  internalReply: { message: '' },
  externalReply: { message: '' },
};
const fullOof: OofSettings = {
  state: 'Scheduled',
  externalAudience: 'Known',
  duration: { start: d('2024-07-01T07:00:00Z'), end: d('2024-07-15T14:00:00.250Z') },
  internalReply: { message: '<html><body>Bin weg – zurück\n Grüße</body></html>', lang: 'de-DE' },
  externalReply: { message: '  Away  ' },
  declineMeetingReply: { message: 'No meetings' },
  declineEventsForScheduledOof: true,
  declineAllEventsForScheduledOof: false,
  createOofEvent: false,
  oofEventSubject: ' Holiday ',
  autoDeclineFutureRequestsWhenOof: true,
  oofEventId: 'evt-1',
  eventsToDeleteIds: ['e1', 'e2'],
  allowExternalOof: 'All',
};

const window = { start: d('2024-10-26T22:00:00Z'), end: d('2024-10-28T23:00:00Z') };
const hundred = Array.from({ length: 100 }, (_, i) => `u${i}@contoso.com`);

/** [name, body]: one entry per builder and option combination. */
const requests: [string, XmlFragment][] = [
  ['GetUserOofSettings', buildGetUserOofSettingsRequest({ mailbox: 'me@contoso.com' })],
  [
    'SetUserOofSettings minimal',
    buildSetUserOofSettingsRequest({ mailbox: 'me@contoso.com', settings: minimalOof }),
  ],
  [
    'SetUserOofSettings every field',
    buildSetUserOofSettingsRequest({ mailbox: 'me@contoso.com', settings: fullOof }),
  ],
  [
    'SetUserOofSettings enabled with a kept duration',
    buildSetUserOofSettingsRequest({
      mailbox: 'me@contoso.com',
      settings: { ...fullOof, state: 'Enabled', externalAudience: 'All' },
    }),
  ],
  ...(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Sydney'] as const).map(
    (timeZone): [string, XmlFragment] => [
      `GetUserAvailability ${timeZone}`,
      buildGetUserAvailabilityRequest(
        availabilityRequest({
          ...window,
          mailboxes: ['anna@contoso.com', 'ben@contoso.com'],
          timeZone,
        }),
      ),
    ],
  ),
  [
    'GetUserAvailability 100 mailboxes, FreeBusy, 1440 min, 42 days',
    buildGetUserAvailabilityRequest(
      availabilityRequest({
        mailboxes: hundred,
        start: d('2024-01-01T00:00:00Z'),
        end: d('2024-02-12T00:00:00Z'),
        timeZone: 'UTC',
        view: 'FreeBusy',
        intervalMinutes: 1440,
      }),
    ),
  ],
  [
    'GetUserAvailability 5 min, MergedOnly',
    buildGetUserAvailabilityRequest(
      availabilityRequest({
        mailboxes: ['a@b.c'],
        start: d('2024-01-01T00:00:00Z'),
        end: d('2024-01-02T00:00:00Z'),
        timeZone: 'Asia/Kolkata',
        view: 'MergedOnly',
        intervalMinutes: 5,
      }),
    ),
  ],
  [
    'FindItem CalendarView',
    buildFindCalendarItemsRequest({
      start: d('2024-05-01T00:00:00Z'),
      end: d('2024-05-08T00:00:00Z'),
    }),
  ],
  [
    'FindItem CalendarView with MaxEntriesReturned',
    buildFindCalendarItemsRequest({
      start: d('2024-05-01T00:00:00Z'),
      end: d('2024-05-08T00:00:00Z'),
      maxEntries: 200,
    }),
  ],
  [
    'FindItem CalendarView of another mailbox',
    buildFindCalendarItemsRequest({
      start: d('2024-05-01T00:00:00.500Z'),
      end: d('2024-05-02T00:00:00Z'),
      mailbox: 'boss@contoso.com',
    }),
  ],
  ['FindItem voicemail folder', buildFindVoicemailRequest({ folder: 'voicemail' })],
  [
    'FindItem inbox ItemClass fallback, paged',
    buildFindVoicemailRequest({ folder: 'inbox', maxEntries: 10, offset: 20 }),
  ],
  ['GetItem voicemail', buildGetVoicemailRequest({ id: 'AAMkVM1=' })],
  [
    'GetItem 50 voicemails',
    buildGetVoicemailsRequest({ ids: Array.from({ length: 50 }, (_, i) => `AAMkVM${i}=`) }),
  ],
  ['GetAttachment', buildGetAttachmentRequest({ id: 'AAMkATT1=' })],
  ['UpdateItem IsRead true', buildMarkReadRequest({ id: 'VM1', changeKey: 'CK1', isRead: true })],
  ['UpdateItem IsRead false, no change key', buildMarkReadRequest({ id: 'VM1', isRead: false })],
  ['DeleteItem MoveToDeletedItems', buildDeleteItemRequest({ id: 'VM1' })],
  [
    'GetMailTips',
    buildGetMailTipsRequest({ sendingAs: 'me@contoso.com', recipients: ['a@b.c', 'd@e.f'] }),
  ],
  [
    'GetMailTips 50 recipients',
    buildGetMailTipsRequest({ sendingAs: 'me@contoso.com', recipients: hundred.slice(0, 50) }),
  ],
  ['ResolveNames defaults', buildResolveNamesRequest({ query: 'Sam <x>' })],
  [
    'ResolveNames ActiveDirectory, no contact data',
    buildResolveNamesRequest({
      query: 'Sam',
      returnFullContactData: false,
      searchScope: 'ActiveDirectory',
    }),
  ],
  [
    'ResolveNames Contacts',
    buildResolveNamesRequest({ query: 'Sam', searchScope: 'ContactsActiveDirectory' }),
  ],
  [
    'CreateItem conversation history',
    buildSaveConversationRequest({
      subject: 'Chat with Sam',
      html: '<div>Sam: 5 < 6 & "ok"</div>',
      to: [{ email: 'sam@contoso.com', name: 'Sam' }],
      from: { email: 'me@contoso.com' },
    }),
  ],
  [
    'CreateItem conversation history, no recipients, own class',
    buildSaveConversationRequest({ subject: '', html: '', to: [], itemClass: 'IPM.Note' }),
  ],
];

/** Header variants: every body is also checked inside each of these envelopes. */
const headers: RequestHeader[] = [
  {},
  {
    version: 'V2018_01_08',
    impersonateSmtp: 'svc@contoso.com',
    timeZoneId: 'W. Europe Standard Time',
  },
];

const EXPECTED_REQUESTS = 28;

let validator: EwsSchemaValidator;
beforeAll(() => {
  validator = EwsSchemaValidator.load();
});

describe('request conformance', () => {
  it('covers the expected number of builder/option combinations', () => {
    expect(requests.length).toBe(EXPECTED_REQUESTS);
    expect(new Set(requests.map(([name]) => name)).size).toBe(EXPECTED_REQUESTS);
  });

  it.each(requests)('%s validates against messages.xsd', (_name, body) => {
    for (const header of headers) {
      const result = validator.validateEnvelope(buildEnvelope(body, header));
      expect(result).toEqual({ valid: true });
    }
  });

  it('the check can fail: a body in the wrong element order is rejected', () => {
    const misordered = el('m:GetMailTips', undefined, [
      textEl('m:MailTipsRequested', 'OutOfOfficeMessage'),
      el('m:SendingAs', undefined, textEl('t:EmailAddress', 'me@contoso.com')),
      el('m:Recipients'),
    ]);
    expect(validator.validateEnvelope(buildEnvelope(misordered)).valid).toBe(false);
  });
});
