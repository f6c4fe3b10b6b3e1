import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphError } from '../../../src-main/graph/errors.js';
import {
  expandProperties,
  MESSAGE_CLASS,
  propertiesByTag,
  propertyId,
  tagOfId,
  UM,
} from '../../../src-main/graph/operations/extended-properties.js';
import {
  attachmentSchema,
  buildListVoicemailRequest,
  decodeVoicemailPage,
  DEFAULT_AUDIO_CAP_BYTES,
  getAttachmentBytes,
  attachmentHandle,
  getVoicemail,
  getVoicemails,
  listAttachments,
  parseAttachmentHandle,
  listVoicemail,
  markRead,
  messageSchema,
  moveToDeletedItems,
  pickAudioAttachment,
  toAttachment,
  toVoicemailSummary,
  VOICEMAIL_FILTER,
  type VoicemailAttachment,
  type VoicemailItem,
} from '../../../src-main/graph/operations/voicemail.js';
import {
  BatchingRecordingGraphRequester,
  corpusHttp,
  corpusJson,
  GRAPH_CORPUS,
  httpError,
  RecordingGraphRequester,
} from '../../support/recording-graph-requester.js';

/** A voicemail as Graph answers the list's $select/$expand. */
function voicemailJson(id: string, overrides: Record<string, unknown> = {}, props?: unknown[]) {
  return {
    id,
    changeKey: `ck-${id}`,
    subject: ' Voice Mail (12 seconds) ',
    receivedDateTime: '2026-11-27T08:15:00Z',
    isRead: false,
    hasAttachments: true,
    from: { emailAddress: { name: 'Kim Minji', address: 'minji@contoso.com' } },
    singleValueExtendedProperties: props ?? [
      { id: 'String 0x1a', value: 'IPM.Note.Microsoft.Voicemail.UM.CA' },
      { id: 'Integer 0x6801', value: '12' },
      { id: 'String 0x6802', value: ' +82 2 555 0100 ' },
      { id: 'String 0x6803', value: 'Kim Minji' },
      { id: 'String 0x6805', value: 'audio.mp3' },
      { id: 'String 0x6806', value: 'call-1' },
    ],
    ...overrides,
  };
}

describe('extended property ids', () => {
  it('sends the 16-bit proptag form and reads every form Graph may echo', () => {
    expect(propertyId(MESSAGE_CLASS)).toBe('String 0x001A');
    expect(propertyId(UM.duration)).toBe('Integer 0x6801');
    expect(tagOfId('String 0x1a')).toBe(0x1a);
    expect(tagOfId('string 0x001A')).toBe(0x1a);
    expect(tagOfId('String 0x001A001F')).toBe(0x1a);
    expect(tagOfId('Integer 0x68010003')).toBe(0x6801);
    expect(tagOfId('String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color')).toBeUndefined();
  });

  it('expands several properties in one $filter joined by or', () => {
    expect(expandProperties([MESSAGE_CLASS, UM.duration])).toBe(
      "singleValueExtendedProperties($filter=id eq 'String 0x001A' or id eq 'Integer 0x6801')",
    );
  });
});

describe('listing voicemail', () => {
  it('builds the class filter, newest first, with the UM properties expanded', () => {
    const request = buildListVoicemailRequest({ pageSize: 50 });
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/me/mailFolders/inbox/messages');
    expect(request.query).toEqual({
      $filter:
        "receivedDateTime ge 1900-01-01T00:00:00Z and singleValueExtendedProperties/any(ep: ep/id eq 'String 0x001A' and (startswith(ep/value, 'IPM.Note.Microsoft.Voicemail') or startswith(ep/value, 'IPM.Note.rpmsg.Microsoft.Voicemail') or startswith(ep/value, 'IPM.Note.Microsoft.Missed.Voice')))",
      $orderby: 'receivedDateTime desc',
      $select: 'id,changeKey,subject,receivedDateTime,isRead,from,sender,hasAttachments',
      $expand:
        "singleValueExtendedProperties($filter=id eq 'String 0x001A' or id eq 'Integer 0x6801' or id eq 'String 0x6802' or id eq 'String 0x6803' or id eq 'String 0x6805' or id eq 'String 0x6806')",
      $top: '50',
    });
    expect(buildListVoicemailRequest({ folder: 'AAMk/x=' }).path).toBe(
      '/me/mailFolders/AAMk%2Fx%3D/messages',
    );
    expect(() => buildListVoicemailRequest({ pageSize: 1001 })).toThrow(RangeError);
    expect(() => buildListVoicemailRequest({ pageSize: 0 })).toThrow(RangeError);
  });

  it('uses the any() form of the documented extended-property $filter request', () => {
    const line = readFileSync(
      resolve(GRAPH_CORPUS, 'messages/singlevaluelegacyextendedproperty-get-2.request.http'),
      'utf8',
    ).split('\n')[0];
    const documented = decodeURIComponent(/\$filter=(\S+)/.exec(line ?? '')?.[1] ?? '');
    const form = /^singleValueExtendedProperties\/any\(ep: ep\/id eq '[^']+' and /i;
    expect(documented).toMatch(form);
    expect(VOICEMAIL_FILTER.replace(/^receivedDateTime ge \S+ and /, '')).toMatch(form);
  });

  it('decodes the UM facts, trims them, and tells protected voicemail and missed calls apart', () => {
    const { items, rejected } = decodeVoicemailPage([
      voicemailJson('a'),
      voicemailJson('b', {}, [
        { id: 'String 0x001A001F', value: 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA' },
        { id: 'Integer 0x68010003', value: '40' },
      ]),
      voicemailJson('c', { from: null, sender: { emailAddress: { address: 'um@contoso.com' } } }, [
        { id: 'String 0x001A', value: 'ipm.note.microsoft.missed.voice.ca' },
      ]),
    ]);
    expect(rejected).toEqual([]);
    expect(items[0]).toEqual({
      id: 'a',
      changeKey: 'ck-a',
      subject: 'Voice Mail (12 seconds)',
      received: new Date('2026-11-27T08:15:00Z'),
      isRead: false,
      itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
      kind: 'voicemail',
      from: { name: 'Kim Minji', email: 'minji@contoso.com' },
      hasAttachments: true,
      durationSeconds: 12,
      callerNumber: '+82 2 555 0100',
      callerName: 'Kim Minji',
      callId: 'call-1',
      attachmentOrder: 'audio.mp3',
    });
    expect(items[1]?.kind).toBe('protected');
    expect(items[1]?.durationSeconds).toBe(40);
    expect(items[2]?.kind).toBe('missed-call');
    expect(items[2]?.from).toEqual({ email: 'um@contoso.com' });
  });

  it('reads receivedDateTime with an offset, without one (UTC) and with seven decimals', () => {
    const { items } = decodeVoicemailPage([
      voicemailJson('z', { receivedDateTime: '2026-11-27T08:15:00.1234567Z' }),
      voicemailJson('o', { receivedDateTime: '2026-11-27T17:15:00+09:00' }),
      voicemailJson('n', { receivedDateTime: '2026-11-27T08:15:00' }),
    ]);
    expect(items.map((i) => i.received.toISOString())).toEqual([
      '2026-11-27T08:15:00.123Z',
      '2026-11-27T08:15:00.000Z',
      '2026-11-27T08:15:00.000Z',
    ]);
  });

  it('rejects one unreadable message with a typed error and keeps the others', () => {
    const { items, rejected } = decodeVoicemailPage([
      voicemailJson('good'),
      voicemailJson('bad-time', { receivedDateTime: 'datetime-value' }),
      voicemailJson('bad-duration', {}, [{ id: 'Integer 0x6801', value: 'twelve' }]),
      { subject: 'no id' },
      'not an object',
    ]);
    expect(items.map((i) => i.id)).toEqual(['good']);
    expect(rejected.map((r) => r.id)).toEqual(['bad-time', 'bad-duration', undefined, undefined]);
    for (const r of rejected) {
      expect(r.error).toBeInstanceOf(GraphError);
      expect(r.error.kind).toBe('malformed');
    }
  });

  it('follows @odata.nextLink whole until the last page', async () => {
    const next = 'https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages?$skiptoken=abc%3D';
    const requester = new RecordingGraphRequester([
      { json: { value: [voicemailJson('1'), voicemailJson('2')], '@odata.nextLink': next } },
      { json: { value: [voicemailJson('3')] } },
    ]);
    const list = await listVoicemail(requester, { pageSize: 2 });
    expect(list.items.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(list.complete).toBe(true);
    expect(requester.requests[1]).toEqual({ method: 'GET', path: next });
  });

  it('stops at maxItems and at a link it has already followed', async () => {
    const next = 'https://graph.microsoft.com/v1.0/me/messages?$skiptoken=x';
    const capped = new RecordingGraphRequester([
      { json: { value: [voicemailJson('1'), voicemailJson('2')], '@odata.nextLink': next } },
    ]);
    const first = await listVoicemail(capped, { maxItems: 1 });
    expect(first.items.map((i) => i.id)).toEqual(['1']);
    expect(first.complete).toBe(false);
    expect(capped.requests).toHaveLength(1);

    const looping = new RecordingGraphRequester([
      { json: { value: [voicemailJson('1')], '@odata.nextLink': next } },
      { json: { value: [voicemailJson('2')], '@odata.nextLink': next } },
    ]);
    const second = await listVoicemail(looping);
    expect(second.items.map((i) => i.id)).toEqual(['1', '2']);
    expect(second.complete).toBe(false);
    expect(looping.requests).toHaveLength(2);
  });

  it('decodes the documented list answer; its truncated message (no receivedDateTime) is rejected, not guessed', () => {
    const answer = corpusJson('messages/user-list-messages.response.json') as { value: unknown[] };
    const parsed = messageSchema.parse(answer.value[0]);
    expect(parsed.id).toBe('AAMkAGUAAAwTW09AAA=');
    expect(parsed.subject).toBe('You have late tasks!');
    expect(parsed.sender?.emailAddress).toEqual({
      name: 'Microsoft Planner',
      address: 'noreply@Planner.Office365.com',
    });
    const page = decodeVoicemailPage(answer.value);
    expect(page.items).toEqual([]);
    expect(page.rejected[0]?.id).toBe('AAMkAGUAAAwTW09AAA=');
    expect(page.rejected[0]?.error.message).toMatch(/receivedDateTime/);
  });

  it('reads the documented $expand answer: from null falls back to sender, a named property is ignored', () => {
    const m = messageSchema.parse(
      corpusJson('messages/singlevaluelegacyextendedproperty-get-1.response.json'),
    );
    expect(m.id).toBe('AAMkAGE1M2_bs88AACHsLqWAAA=');
    expect(m.from).toBeUndefined();
    expect(m.singleValueExtendedProperties).toEqual([
      { id: 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color', value: 'Green' },
    ]);
    expect(propertiesByTag(m.singleValueExtendedProperties).size).toBe(0);
    const summary = toVoicemailSummary({ ...m, receivedDateTime: '2026-11-27T08:00:00Z' });
    expect(summary.from).toEqual({ name: 'Christine Irwin', email: 'christine@contoso.com' });
    expect(summary.subject).toBe('RE: Talk about emergency prep');
  });
});

describe('reading one voicemail', () => {
  it('asks for the body as text and then the attachment metadata only', async () => {
    const requester = new RecordingGraphRequester([
      {
        json: {
          ...voicemailJson('m1'),
          body: { contentType: 'text', content: 'Hi, call me back.\n' },
        },
      },
      {
        json: {
          value: [
            {
              '@odata.type': '#microsoft.graph.fileAttachment',
              id: 'att1',
              name: 'audio.mp3',
              contentType: 'audio/mpeg',
              size: 4096,
              isInline: false,
            },
          ],
        },
      },
    ]);
    const item = await getVoicemail(requester, 'm1');
    expect(item.transcription).toBe('Hi, call me back.\n');
    expect(item.attachments).toEqual([
      {
        id: 'att1',
        name: 'audio.mp3',
        contentType: 'audio/mpeg',
        size: 4096,
        isInline: false,
        kind: 'file',
      },
    ]);
    expect(requester.requests[0]?.path).toBe('/me/messages/m1');
    expect(requester.requests[0]?.headers).toEqual({ Prefer: 'outlook.body-content-type="text"' });
    expect(requester.requests[0]?.query?.$select).toBe(
      'id,changeKey,subject,receivedDateTime,isRead,from,sender,hasAttachments,body',
    );
    expect(requester.requests[1]).toEqual({
      method: 'GET',
      path: '/me/messages/m1/attachments',
      query: { $select: 'id,name,contentType,size,isInline' },
    });
  });

  it('decodes the documented attachment answers (file, item, placeholder list)', async () => {
    const file = toAttachment(
      attachmentSchema.parse(corpusJson('attachments/attachment-get-1.response.json')),
    );
    expect(file).toEqual({
      id: 'AAMkAGUzY5QKjAAABEgAQAMkpJI_X-LBFgvrv1PlZYd8=',
      name: 'Draft sales invoice template.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: 13068,
      isInline: false,
      kind: 'file',
    });
    const item = toAttachment(
      attachmentSchema.parse(corpusJson('attachments/attachment-get-2.response.json')),
    );
    expect(item).toEqual({
      id: 'AAMkADA1MCJKtzmnlcqVgqI=',
      name: 'Reminder - please bring laptop',
      contentType: 'application/octet-stream',
      size: 32005,
      isInline: false,
      kind: 'item',
    });
    // The list example's "@odata.type" lacks the '#'; its placeholder time is not read at all.
    const requester = new RecordingGraphRequester([
      { json: corpusJson('attachments/message-list-attachments.response.json') },
    ]);
    expect(await listAttachments(requester, 'm')).toEqual([
      {
        id: 'id-value',
        name: 'name-value',
        contentType: 'contentType-value',
        size: 99,
        isInline: false,
        kind: 'file',
      },
    ]);
  });

  it('picks the audio by the attachment order, never from protected voicemail', () => {
    const att = (id: string, name: string, contentType: string): VoicemailAttachment => ({
      id,
      name,
      contentType,
      isInline: false,
      kind: 'file',
    });
    const base: VoicemailItem = {
      ...toVoicemailSummary(messageSchema.parse(voicemailJson('x'))),
      attachments: [
        att('1', 'note.txt', 'text/plain'),
        att('2', 'second.wav', 'audio/wav'),
        att('3', 'audio.mp3', 'application/octet-stream'),
      ],
    };
    expect(pickAudioAttachment(base)?.id).toBe('3');
    expect(pickAudioAttachment({ ...base, attachmentOrder: 'missing.mp3' })?.id).toBe('2');
    const rest = { ...base };
    delete rest.attachmentOrder;
    expect(pickAudioAttachment(rest)?.id).toBe('2');
    expect(pickAudioAttachment({ ...base, kind: 'protected' })).toBeUndefined();
    expect(pickAudioAttachment({ ...base, kind: 'missed-call' })).toBeUndefined();
  });
});

describe('audio bytes', () => {
  const audio: VoicemailAttachment = {
    id: 'att/1',
    name: 'audio.mp3',
    contentType: 'audio/mpeg',
    size: 23,
    isInline: false,
    kind: 'file',
  };

  it("fetches $value as bytes (the documented answer's body) in the attachment's type when none is sent", async () => {
    const documented = corpusHttp('attachments/attachment-get-5.response.http');
    expect(documented.status).toBe(200);
    const body = new TextEncoder().encode(documented.body);
    const requester = new RecordingGraphRequester([{ bytes: { contentType: '', body } }]);
    const got = await getAttachmentBytes(requester, { messageId: 'm=1', attachment: audio });
    expect(new TextDecoder().decode(got.body)).toBe('{Raw bytes of the file}');
    expect(got.contentType).toBe('audio/mpeg');
    expect(requester.requests).toEqual([
      { method: 'GET', path: '/me/messages/m%3D1/attachments/att%2F1/$value' },
    ]);
  });

  it('refuses audio over the cap by its listed size (no request) and by its bytes', async () => {
    const none = new RecordingGraphRequester();
    await expect(
      getAttachmentBytes(none, {
        messageId: 'm',
        attachment: { ...audio, size: DEFAULT_AUDIO_CAP_BYTES + 1 },
      }),
    ).rejects.toMatchObject({ name: 'GraphError', kind: 'too-large' });
    expect(none.requests).toEqual([]);

    const big = new RecordingGraphRequester([
      { bytes: { contentType: 'audio/mpeg', body: new Uint8Array(11) } },
    ]);
    const unsized: VoicemailAttachment = { ...audio };
    delete unsized.size;
    await expect(
      getAttachmentBytes(big, { messageId: 'm', attachment: unsized, maxBytes: 10 }),
    ).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('refuses item and reference attachments before asking', async () => {
    const none = new RecordingGraphRequester();
    await expect(
      getAttachmentBytes(none, { messageId: 'm', attachment: { ...audio, kind: 'item' } }),
    ).rejects.toThrow(RangeError);
    await expect(
      getAttachmentBytes(none, { messageId: 'm', attachment: { ...audio, kind: 'reference' } }),
    ).rejects.toThrow(RangeError);
    expect(none.requests).toEqual([]);
  });
});

describe('mark read and delete', () => {
  it('PATCHes isRead and returns the new change key', async () => {
    const requester = new RecordingGraphRequester([
      { json: { id: 'm1', changeKey: 'ck2', isRead: true } },
    ]);
    expect(await markRead(requester, { id: 'm1', isRead: true })).toEqual({
      id: 'm1',
      changeKey: 'ck2',
    });
    expect(requester.requests).toEqual([
      { method: 'PATCH', path: '/me/messages/m1', body: { isRead: true } },
    ]);
  });

  it('reports the documented update answer (placeholders, no id) as malformed', async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('messages/message-update.response.json') },
    ]);
    await expect(markRead(requester, { id: 'm1', isRead: false })).rejects.toMatchObject({
      kind: 'malformed',
    });
    expect(requester.requests[0]?.body).toEqual({ isRead: false });
  });

  it('moves to deleteditems exactly as documented and returns the new id', async () => {
    const requester = new RecordingGraphRequester([
      { json: corpusJson('messages/message-move.response.json') },
    ]);
    const moved = await moveToDeletedItems(requester, 'AAMkADhAAAW-VPeAAA=');
    expect(moved).toEqual({
      id: 'AAMkADhAAAW-VPeAAA=',
      changeKey: 'FwAAABYAAAC4ofQHEIqCSbQPot83AFcbAAAW/0tB',
    });
    expect(requester.requests[0]?.method).toBe('POST');
    expect(requester.requests[0]?.path).toBe('/me/messages/AAMkADhAAAW-VPeAAA%3D/move');
    expect(requester.requests[0]?.body).toEqual(corpusJson('messages/message-move.request.json'));
  });

  it('reads the moved message in the documented answer as a summary', () => {
    const summary = toVoicemailSummary(
      messageSchema.parse(corpusJson('messages/message-move.response.json')),
    );
    expect(summary.received.toISOString()).toBe('2018-08-12T08:43:22.000Z');
    expect(summary.isRead).toBe(false);
    expect(summary.hasAttachments).toBe(false);
    expect(summary.subject).toBe('Undeliverable: Meet for lunch?');
    expect(summary.from).toEqual({
      name: 'Microsoft Outlook',
      email: 'MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com',
    });
  });

  it('passes a transport failure through unchanged', async () => {
    const failure = httpError(404, 'ErrorItemNotFound');
    const requester = new RecordingGraphRequester([{ error: failure }]);
    await expect(moveToDeletedItems(requester, 'gone')).rejects.toBe(failure);
  });
});

describe('several voicemails at once', () => {
  const audioList = {
    value: [{ '@odata.type': '#microsoft.graph.fileAttachment', id: 'a1', name: 'audio.mp3' }],
  };

  it('sends the messages as one $batch, then the attachment lists of those that have any', async () => {
    const requester = new BatchingRecordingGraphRequester([
      { json: voicemailJson('m1') },
      { error: httpError(404, 'ErrorItemNotFound') },
      { json: voicemailJson('m3', { hasAttachments: false, receivedDateTime: 'datetime-value' }) },
      { json: voicemailJson('m4', { hasAttachments: false }) },
      { json: audioList },
    ]);
    const results = await getVoicemails(requester, ['m1', 'm2', 'm3', 'm4']);
    expect(requester.batches.map((b) => b.map((r) => r.path))).toEqual([
      ['/me/messages/m1', '/me/messages/m2', '/me/messages/m3', '/me/messages/m4'],
      ['/me/messages/m1/attachments'],
    ]);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      ['m1', true],
      ['m2', false],
      ['m3', false],
      ['m4', true],
    ]);
    const [m1, m2, m3, m4] = results;
    expect(m1?.ok && m1.item.attachments.map((a) => a.name)).toEqual(['audio.mp3']);
    expect(!m2?.ok && m2?.error.kind).toBe('not-found');
    expect(!m3?.ok && m3?.error.kind).toBe('malformed');
    expect(m4?.ok && m4.item.attachments).toEqual([]);
    expect(requester.pending).toBe(0);
  });

  it('without $batch sends them one by one; an attachment list that fails fails its voicemail', async () => {
    const requester = new RecordingGraphRequester([
      { json: voicemailJson('m1') },
      { json: voicemailJson('m2') },
      { json: audioList },
      { error: httpError(404) },
    ]);
    const results = await getVoicemails(requester, ['m1', 'm2']);
    expect(requester.requests.map((r) => r.path)).toEqual([
      '/me/messages/m1',
      '/me/messages/m2',
      '/me/messages/m1/attachments',
      '/me/messages/m2/attachments',
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
  });

  it('fails the whole call when Graph throttles, and asks nothing for no ids', async () => {
    const throttled = new GraphError('throttled', 'HTTP 429', { status: 429 });
    const requester = new BatchingRecordingGraphRequester([
      { json: voicemailJson('m1') },
      { error: throttled },
    ]);
    await expect(getVoicemails(requester, ['m1', 'm2'])).rejects.toBe(throttled);
    const none = new BatchingRecordingGraphRequester();
    expect(await getVoicemails(none, [])).toEqual([]);
    expect(none.batches).toEqual([]);
  });
});

describe('attachment handles', () => {
  it('join a message and an attachment id and split back', () => {
    const handle = attachmentHandle('AAMk-x_y=', 'AAMkAtt=');
    expect(handle).toBe('AAMk-x_y= AAMkAtt=');
    expect(parseAttachmentHandle(handle)).toEqual({
      messageId: 'AAMk-x_y=',
      attachmentId: 'AAMkAtt=',
    });
    expect(() => attachmentHandle('a b', 'c')).toThrow(RangeError);
    expect(() => attachmentHandle('', 'c')).toThrow(RangeError);
    for (const bad of ['AAMk', 'a b c', ' b', 'a '])
      expect(() => parseAttachmentHandle(bad)).toThrow(RangeError);
  });
});
