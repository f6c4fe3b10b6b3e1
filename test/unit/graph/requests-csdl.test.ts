/**
 * Every request the voicemail, conversation-history and presence operations build, checked
 * against the Graph v1.0 CSDL (the simulator's checker, walking the URL from the entity
 * container): the path must exist, the method must fit it, and the body must be its type.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCreateConversationFolderRequest,
  buildFindFolderByNameRequest,
  buildGetConversationFolderRequest,
  buildSaveConversationRequest,
} from '../../../src-main/graph/operations/conversation-history.js';
import {
  buildClearPresenceRequest,
  buildGetMyPresenceRequest,
  buildGetPresencesRequest,
  buildGetUserPresenceRequest,
  buildSetPresenceRequest,
} from '../../../src-main/graph/operations/presence.js';
import {
  buildAttachmentValueRequest,
  buildGetVoicemailRequest,
  buildListAttachmentsRequest,
  buildListVoicemailRequest,
  buildMarkReadRequest,
  buildMoveToDeletedItemsRequest,
} from '../../../src-main/graph/operations/voicemail.js';
import type { GraphRequest } from '../../../src-main/graph/requester.js';
import { CsdlSchemaChecker } from '../../../src-main/sim/graph/csdl-checker.js';
import { checkRequest } from '../../../src-main/sim/graph/request-check.js';

let checker: CsdlSchemaChecker;
beforeAll(() => {
  checker = CsdlSchemaChecker.load();
});

function check(request: GraphRequest) {
  return checkRequest(request.method, request.path, request.body, checker);
}

const USER = 'fa8bf3dc-eca7-46b7-bad1-db199b62afc3';
const APP = '22553876-f5ab-4529-bffb-cfe50aa89f87';

describe('requests against the CSDL', () => {
  const valid: [string, () => GraphRequest][] = [
    ['list voicemail', () => buildListVoicemailRequest()],
    ['get voicemail', () => buildGetVoicemailRequest('AAMk=')],
    ['list attachments', () => buildListAttachmentsRequest('AAMk=')],
    ['attachment $value', () => buildAttachmentValueRequest('AAMk=', 'att=')],
    ['mark read', () => buildMarkReadRequest('AAMk=', true)],
    // The docs' camelCase destinationId; the CSDL says DestinationId, and Graph reads either.
    ['move to deleteditems', () => buildMoveToDeletedItemsRequest('AAMk=')],
    ['get the folder', () => buildGetConversationFolderRequest()],
    ['create the folder', () => buildCreateConversationFolderRequest()],
    ['find the folder by name', () => buildFindFolderByNameRequest()],
    [
      'save a conversation',
      () =>
        buildSaveConversationRequest(
          'F1',
          {
            subject: 'Conversation with Kim Minji',
            html: '<div>hi</div>',
            to: [{ email: 'minji@contoso.com', name: 'Kim Minji' }],
            from: { email: 'me@contoso.com' },
          },
          { asDraft: false },
        ),
    ],
    ['my presence', () => buildGetMyPresenceRequest()],
    ["a user's presence", () => buildGetUserPresenceRequest(USER)],
    ['presences by id', () => buildGetPresencesRequest([USER])],
    [
      'setPresence',
      () =>
        buildSetPresenceRequest({
          userId: USER,
          sessionId: APP,
          pair: { availability: 'Busy', activity: 'InACall' },
          expirationMinutes: 10,
        }),
    ],
    ['clearPresence', () => buildClearPresenceRequest({ userId: USER, sessionId: APP })],
  ];

  it.each(valid)('%s is valid', (_name, build) => {
    expect(check(build())).toEqual({ valid: true });
  });

  it('would catch a misspelt property or a wrong path', () => {
    const save = buildSaveConversationRequest(
      'F1',
      { subject: 's', html: '<p/>', to: [] },
      { asDraft: true },
    );
    expect(check({ ...save, body: { ...(save.body as object), toRecipient: [] } }).valid).toBe(
      false,
    );
    expect(() => check({ method: 'GET', path: '/me/voicemail' })).toThrow();
  });
});
