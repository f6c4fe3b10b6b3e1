/**
 * Every request the Graph library builds, checked against the Graph v1.0 CSDL
 * (../shared/graph-schema) with the simulator's checker: the URL must name something the CSDL
 * has, and the body must be what that resource or action takes (checkRequest). The Graph
 * counterpart of test/unit/ews/conformance/requests.test.ts.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCalendarDeltaRequest } from '../../../../src-main/graph/operations/calendar-delta.js';
import {
  buildCreateConversationFolderRequest,
  buildFindFolderByNameRequest,
  buildGetConversationFolderRequest,
  buildSaveConversationRequest,
} from '../../../../src-main/graph/operations/conversation-history.js';
import {
  buildSearchPeopleRequest,
  buildSearchUsersRequest,
} from '../../../../src-main/graph/operations/directory.js';
import { buildCalendarViewRequest } from '../../../../src-main/graph/operations/events.js';
import {
  buildGetMailTipsRequest,
  MAIL_TIPS_TYPES,
} from '../../../../src-main/graph/operations/mail-tips.js';
import {
  AUTOMATIC_REPLIES_STATUSES,
  buildAutomaticRepliesBody,
  EXTERNAL_AUDIENCES,
} from '../../../../src-main/graph/operations/mailbox-settings.js';
import {
  buildClearPresenceRequest,
  buildGetMyPresenceRequest,
  buildGetPresencesRequest,
  buildGetUserPresenceRequest,
  buildSetPresenceRequest,
  SESSION_PAIRS,
} from '../../../../src-main/graph/operations/presence.js';
import { buildGetScheduleRequests } from '../../../../src-main/graph/operations/schedule.js';
import {
  buildAttachmentValueRequest,
  buildGetVoicemailRequest,
  buildListAttachmentsRequest,
  buildListVoicemailRequest,
  buildMarkReadRequest,
  buildMoveToDeletedItemsRequest,
} from '../../../../src-main/graph/operations/voicemail.js';
import type { GraphRequest } from '../../../../src-main/graph/requester.js';
import { CsdlSchemaChecker } from '../../../../src-main/sim/graph/csdl-checker.js';
import { checkRequest } from '../../../../src-main/sim/graph/request-check.js';

let checker: CsdlSchemaChecker;
beforeAll(() => {
  checker = CsdlSchemaChecker.load();
});

const USER = '66825e03-7ef5-42da-9069-724602c31f6b';
const MESSAGE = 'AAMkAGE1M2_bs88AACHsLqWAAA=';
const d = (iso: string): Date => new Date(iso);

function check(request: GraphRequest): unknown {
  return checkRequest(request.method, request.path, request.body, checker);
}

describe('Graph library requests against the CSDL', () => {
  const requests: [string, () => GraphRequest][] = [
    [
      'calendarView',
      () =>
        buildCalendarViewRequest({
          start: d('2026-12-01T00:00:00Z'),
          end: d('2026-12-08T00:00:00Z'),
        }),
    ],
    [
      'calendarView delta, first call',
      () =>
        buildCalendarDeltaRequest({
          from: 'window',
          start: d('2026-12-01T00:00:00Z'),
          end: d('2026-12-31T00:00:00Z'),
        }),
    ],
    [
      'calendarView delta, a deltaLink',
      () =>
        buildCalendarDeltaRequest({
          from: 'link',
          link: 'https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=R0usmcMDNGg0J1E',
        }),
    ],
    [
      'mail tips',
      () =>
        buildGetMailTipsRequest({
          addresses: ['adele@contoso.com'],
          options: [...MAIL_TIPS_TYPES],
        }),
    ],
    [
      'mail tips, default options',
      () => buildGetMailTipsRequest({ addresses: ['adele@contoso.com'] }),
    ],
    ['people search', () => buildSearchPeopleRequest({ text: 'adele' })],
    ['user search', () => buildSearchUsersRequest({ text: 'adele', top: 10 })],
    ['my presence', () => buildGetMyPresenceRequest()],
    ['a user presence', () => buildGetUserPresenceRequest(USER)],
    [
      'presences by id',
      () => buildGetPresencesRequest([USER, '00000000-0000-0000-0000-000000000001']),
    ],
    [
      'clear presence',
      () => buildClearPresenceRequest({ userId: USER, sessionId: 'beacon-session' }),
    ],
    ['conversation folder', () => buildGetConversationFolderRequest()],
    ['create conversation folder', () => buildCreateConversationFolderRequest()],
    ['find folder by name', () => buildFindFolderByNameRequest()],
    ['voicemail list', () => buildListVoicemailRequest()],
    ['one voicemail', () => buildGetVoicemailRequest(MESSAGE)],
    ['voicemail attachments', () => buildListAttachmentsRequest(MESSAGE)],
    [
      'attachment bytes',
      () => buildAttachmentValueRequest(MESSAGE, 'AAMkAGUzY5QKjAAABEgAQAMkpJI_X-LBFgvrv1PlZYd8='),
    ],
    ['mark read', () => buildMarkReadRequest(MESSAGE, true)],
    ['move to deleted items', () => buildMoveToDeletedItemsRequest(MESSAGE)],
  ];

  it.each(requests)('%s', (_name, build) => {
    expect(check(build())).toEqual({ valid: true });
  });

  it('setPresence, for every pair an app session may set', () => {
    for (const pair of SESSION_PAIRS) {
      const request = buildSetPresenceRequest({
        userId: USER,
        sessionId: 'beacon-session',
        pair,
        expirationMinutes: 60,
      });
      expect([pair, check(request)]).toEqual([pair, { valid: true }]);
    }
  });

  it('getSchedule, every batch of up to 20 schedules', () => {
    const schedules = Array.from({ length: 45 }, (_, i) => `person${i}@contoso.com`);
    const built = buildGetScheduleRequests({
      schedules,
      start: d('2026-12-03T00:00:00Z'),
      end: d('2026-12-04T00:00:00Z'),
      intervalMinutes: 15,
    });
    expect(built.length).toBeGreaterThan(1);
    for (const request of built) expect(check(request)).toEqual({ valid: true });
  });

  it('saving a conversation, as a sent item and as a draft', () => {
    const args = {
      subject: 'Chat with Adele',
      html: '<p>hi</p>',
      to: [{ email: 'adele@contoso.com', name: 'Adele' }],
      from: { email: 'me@contoso.com' },
    };
    for (const asDraft of [false, true])
      expect(check(buildSaveConversationRequest('AAMkFolder', args, { asDraft }))).toEqual({
        valid: true,
      });
  });

  it('the automatic-replies PATCH of /me/mailboxSettings, for any setting', () => {
    const zoned = fc.record({
      dateTime: fc.constant('2026-12-24T09:00:00.0000000'),
      timeZone: fc.constantFrom('UTC', 'Korea Standard Time'),
    });
    fc.assert(
      fc.property(
        fc.record(
          {
            status: fc.constantFrom(...AUTOMATIC_REPLIES_STATUSES, 'unknown' as const),
            externalAudience: fc.constantFrom(...EXTERNAL_AUDIENCES, 'unknown' as const),
            scheduledStartDateTime: zoned,
            scheduledEndDateTime: zoned,
            internalReplyMessage: fc.string(),
            externalReplyMessage: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (setting) => {
          const body = { automaticRepliesSetting: buildAutomaticRepliesBody(setting) };
          const result = checkRequest('PATCH', '/me/mailboxSettings', body, checker);
          expect(result).toEqual({ valid: true });
        },
      ),
      { numRuns: 100 },
    );
  });
});
