import { describe, expect, it } from 'vitest';
import {
  buildSaveConversationRequest,
  findOrCreateConversationFolder,
  saveConversation,
} from '../../../src-main/graph/operations/conversation-history.js';
import {
  corpusJson,
  httpError,
  RecordingGraphRequester,
} from '../../support/recording-graph-requester.js';

const entry = {
  subject: 'Conversation with Kim Minji',
  html: '<div>Kim Minji: 안녕하세요 &lt;b&gt;</div>',
  to: [{ email: 'minji@contoso.com', name: 'Kim Minji' }],
  from: { email: 'me@contoso.com' },
};

describe('the Conversation History folder', () => {
  it('uses the well-known folder when the mailbox has one', async () => {
    const requester = new RecordingGraphRequester([
      { json: { id: 'F-conv', displayName: 'Conversation History' } },
    ]);
    expect(await findOrCreateConversationFolder(requester)).toBe('F-conv');
    expect(requester.requests).toEqual([
      { method: 'GET', path: '/me/mailFolders/conversationhistory' },
    ]);
  });

  it('creates it when Graph says it does not exist', async () => {
    const requester = new RecordingGraphRequester([
      { error: httpError(404, 'ErrorItemNotFound') },
      { json: { id: 'F-new', displayName: 'Conversation History' } },
    ]);
    expect(await findOrCreateConversationFolder(requester)).toBe('F-new');
    expect(requester.requests[1]).toEqual({
      method: 'POST',
      path: '/me/mailFolders',
      body: { displayName: 'Conversation History' },
      retry: 'never',
    });
  });

  it('finds a folder of that name when creating says it already exists', async () => {
    const requester = new RecordingGraphRequester([
      { error: httpError(404) },
      { error: httpError(409, 'ErrorFolderExists') },
      { json: { value: [{ id: 'F-old', displayName: 'Conversation History' }] } },
    ]);
    expect(await findOrCreateConversationFolder(requester)).toBe('F-old');
    expect(requester.requests[2]?.query).toEqual({
      $filter: "displayName eq 'Conversation History'",
    });
  });

  it('passes any other failure through and creates nothing', async () => {
    const failure = httpError(403, 'ErrorAccessDenied');
    const requester = new RecordingGraphRequester([{ error: failure }]);
    await expect(findOrCreateConversationFolder(requester)).rejects.toBe(failure);
    expect(requester.requests).toHaveLength(1);
  });
});

describe('saving a conversation', () => {
  it('creates the message with its class and flags (read, not unsent) as extended properties', () => {
    const request = buildSaveConversationRequest('F/1', entry, { asDraft: false });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/me/mailFolders/F%2F1/messages');
    // A create is never resent blindly after a dropped connection.
    expect(request.retry).toBe('never');
    expect(request.body).toEqual({
      subject: 'Conversation with Kim Minji',
      body: { contentType: 'html', content: '<div>Kim Minji: 안녕하세요 &lt;b&gt;</div>' },
      toRecipients: [{ emailAddress: { address: 'minji@contoso.com', name: 'Kim Minji' } }],
      from: { emailAddress: { address: 'me@contoso.com' } },
      singleValueExtendedProperties: [
        { id: 'String 0x001A', value: 'IPM.Note.Microsoft.Conversation' },
        { id: 'Integer 0x0E07', value: '1' },
      ],
    });
  });

  it('sends the documented create body fields (subject, body) in CSDL case, unlike the placeholder example', () => {
    const documented = corpusJson('mailFolders/mailfolder-post-messages.request.json') as {
      body: { contentType: string };
    };
    expect(documented.body.contentType).toBe('');
    const body = buildSaveConversationRequest('F', entry, { asDraft: true }).body as {
      body: { contentType: string };
      singleValueExtendedProperties: unknown[];
    };
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['subject', 'body']));
    expect(body.body.contentType).toBe('html');
    expect(body.singleValueExtendedProperties).toEqual([
      { id: 'String 0x001A', value: 'IPM.Note.Microsoft.Conversation' },
    ]);
  });

  it('saves into the folder found, as delivered', async () => {
    const requester = new RecordingGraphRequester([
      { json: { id: 'F-conv' } },
      { json: { id: 'M1', isDraft: false } },
    ]);
    const saved = await saveConversation(requester, entry);
    expect(saved).toEqual({ id: 'M1', folderId: 'F-conv', savedAs: 'delivered' });
    const props = (requester.requests[1]?.body as { singleValueExtendedProperties: unknown[] })
      .singleValueExtendedProperties;
    expect(props).toContainEqual({ id: 'Integer 0x0E07', value: '1' });
    expect(requester.requests[1]?.path).toBe('/me/mailFolders/F-conv/messages');
  });

  it('says draft when Graph created a draft anyway', async () => {
    const requester = new RecordingGraphRequester([{ json: { id: 'M2', isDraft: true } }]);
    const saved = await saveConversation(requester, { ...entry, folderId: 'F' });
    expect(saved.savedAs).toBe('draft');
    expect(requester.requests).toHaveLength(1);
  });

  it('saves again as a plain draft when Graph refuses the flags (400): the transcript is kept', async () => {
    const requester = new RecordingGraphRequester([
      { error: httpError(400, 'ErrorInvalidProperty') },
      { json: { id: 'M3' } },
    ]);
    const saved = await saveConversation(requester, { ...entry, folderId: 'F' });
    expect(saved).toEqual({ id: 'M3', folderId: 'F', savedAs: 'draft' });
    expect(requester.requests).toHaveLength(2);
    expect(
      (requester.requests[1]?.body as { singleValueExtendedProperties: unknown[] })
        .singleValueExtendedProperties,
    ).toEqual([{ id: 'String 0x001A', value: 'IPM.Note.Microsoft.Conversation' }]);
  });

  it('does not retry other failures', async () => {
    const failure = httpError(503);
    const requester = new RecordingGraphRequester([{ error: failure }]);
    await expect(saveConversation(requester, { ...entry, folderId: 'F' })).rejects.toBe(failure);
    expect(requester.requests).toHaveLength(1);
  });

  it('reports the documented create answer (placeholders, no id) as malformed', async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('mailFolders/mailfolder-post-messages.response.json') },
    ]);
    await expect(saveConversation(requester, { ...entry, folderId: 'F' })).rejects.toMatchObject({
      name: 'GraphError',
      kind: 'malformed',
    });
  });
});
