/**
 * The admin API's voicemail drop-in over real sockets: every UM format by name, raw bytes of any
 * type (corrupt, truncated, mislabelled, empty), protected voicemail, a Korean transcript, bad
 * input, and a 50 MB attachment the simulator survives. Every 200 answer is checked against
 * messages.xsd by the `ews` helper; GetAttachment must return the dropped bytes exactly.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { children } from '../../../src-main/ews/xml/parse.js';
import {
  CLIP_OF_FORMAT,
  CLIPS,
  VOICEMAIL_FORMATS,
  voicemailAssetsDir,
} from '../../../src-main/sim/audio.js';
import {
  admin,
  ALEX,
  at,
  attr,
  ews,
  messagesOf,
  only,
  textAt,
  useTestSimulator,
} from './support.js';

const h = useTestSimulator();

interface Dropped {
  id: string;
  itemClass: string;
  subject: string;
  attachments: { id: string; name: string; contentType: string; size: number }[];
}

const getItem = (id: string): string => `<m:GetItem>
  <m:ItemShape>
    <t:BaseShape>IdOnly</t:BaseShape>
    <t:BodyType>Text</t:BodyType>
    <t:AdditionalProperties>
      <t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="item:Body"/>
      <t:FieldURI FieldURI="item:Attachments"/><t:FieldURI FieldURI="item:ItemClass"/>
      <t:ExtendedFieldURI PropertyTag="0x6801" PropertyType="Integer"/>
      <t:ExtendedFieldURI PropertyTag="0x6802" PropertyType="String"/>
      <t:ExtendedFieldURI PropertyTag="0x6803" PropertyType="String"/>
      <t:ExtendedFieldURI PropertyTag="0x6805" PropertyType="String"/>
    </t:AdditionalProperties>
  </m:ItemShape>
  <m:ItemIds><t:ItemId Id="${id}"/></m:ItemIds>
</m:GetItem>`;

async function drop(body: Record<string, unknown>): Promise<Dropped> {
  const result = await admin<Dropped>(h.sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
    callerName: 'Test Caller',
    callerNumber: '+14255550100',
    ...body,
  });
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json;
}

/** GetAttachment through real EWS: the response message and the decoded content. */
async function fetchAttachment(
  id: string,
): Promise<{ code: string | undefined; content: Buffer; name?: string; type?: string }> {
  const result = await ews(
    h.sim,
    `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="${id}"/></m:AttachmentIds></m:GetAttachment>`,
  );
  const message = only(messagesOf(result, 'GetAttachmentResponse'));
  const file = at(message, 'Attachments', 'FileAttachment');
  return {
    code: textAt(message, 'ResponseCode'),
    content: Buffer.from(textAt(file, 'Content') ?? '', 'base64'),
    ...(file === undefined
      ? {}
      : { name: textAt(file, 'Name') ?? '', type: textAt(file, 'ContentType') ?? '' }),
  };
}

const committed = (file: string): Buffer => readFileSync(join(voicemailAssetsDir(), file));

describe('dropping in a voicemail by format', () => {
  it.each(VOICEMAIL_FORMATS)('%s: the committed clip, byte for byte', async (format) => {
    const clip = CLIPS[CLIP_OF_FORMAT[format]];
    const dropped = await drop({ format });
    const [attachment] = dropped.attachments;
    const extension = clip.file.slice(clip.file.lastIndexOf('.'));
    expect(attachment?.name).toBe(`VoiceMail-14255550100${extension}`);
    expect(attachment?.contentType).toBe(clip.contentType);
    const got = await fetchAttachment(attachment?.id ?? '');
    expect(got.code).toBe('NoError');
    expect(got.type).toBe(clip.contentType);
    expect(got.content.equals(committed(clip.file))).toBe(true);
    expect(dropped.subject).toBe(`Voice Mail from Test Caller (${clip.durationSeconds} seconds)`);
  });
});

describe('dropping in raw bytes', () => {
  it.each<[string, () => Buffer, string]>([
    ['corrupt (random bytes called WAV)', () => randomBytes(3000), 'audio/wav'],
    ['truncated (half a WAV)', () => committed('voicemail-3.wav').subarray(0, 20_000), 'audio/wav'],
    ['mislabelled (MP3 bytes called WAV)', () => committed('voicemail-2.mp3'), 'audio/wav'],
    ['an odd type', () => Buffer.from('not audio at all'), 'application/pdf'],
    ['empty', () => Buffer.alloc(0), 'audio/mpeg'],
  ])('%s comes back exactly as given', async (_name, bytes, contentType) => {
    const content = bytes();
    const dropped = await drop({
      audio: { base64: content.toString('base64'), contentType, fileName: 'odd name.wav' },
      durationSeconds: 4,
    });
    expect(
      dropped.attachments.map(({ name, contentType: type, size }) => [name, type, size]),
    ).toEqual([['odd name.wav', contentType, content.length]]);
    const got = await fetchAttachment(dropped.attachments[0]?.id ?? '');
    expect(got.code).toBe('NoError');
    expect(got.type).toBe(contentType);
    expect(got.content.equals(content)).toBe(true);
  });

  it('names raw audio VoiceMail-<number>.bin and gives it no transcript unless asked', async () => {
    const dropped = await drop({ audio: { base64: 'AAAA', contentType: 'audio/x-unknown' } });
    expect(dropped.attachments[0]?.name).toBe('VoiceMail-14255550100.bin');
    const item = at(
      only(messagesOf(await ews(h.sim, getItem(dropped.id)), 'GetItemResponse')),
      'Items',
      'Message',
    );
    expect(textAt(item, 'Body') ?? '').toBe('');
    expect(textAt(item, 'Subject')).toBe('Voice Mail from Test Caller (0 seconds)');
  });

  it('refuses bad input with 400 and adds nothing', async () => {
    const before = (await admin<unknown[]>(h.sim, 'GET', `/mailboxes/${ALEX}/voicemail`)).json
      .length;
    const base = { callerName: 'X', callerNumber: '+1' };
    for (const body of [
      { ...base, audio: { base64: 'not base64!', contentType: 'audio/wav' } },
      { ...base, audio: { base64: 'AAA', contentType: 'audio/wav' } },
      { ...base, audio: { base64: 'AAAA', contentType: '' } },
      { ...base, audio: { base64: '', contentType: 'audio/wav', sizeBytes: 10 } },
      { ...base, audio: { base64: 'AAAA', contentType: 'audio/wav', sizeBytes: 65 * 2 ** 20 } },
      { ...base, format: 'flac' },
      { ...base, format: 'mp3', clip: 'megan' },
      { ...base, protected: true, format: 'wma' },
      { ...base, durationSeconds: -1 },
    ]) {
      const result = await admin<{ error: string }>(
        h.sim,
        'POST',
        `/mailboxes/${ALEX}/voicemail`,
        body,
      );
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.json.error).not.toBe('');
    }
    const after = (await admin<unknown[]>(h.sim, 'GET', `/mailboxes/${ALEX}/voicemail`)).json;
    expect(after).toHaveLength(before);
  });
});

describe('protected and Korean voicemail', () => {
  it('a protected drop-in is rights-managed: rpmsg class, message.rpmsg, no play order', async () => {
    const dropped = await drop({ protected: true, durationSeconds: 21 });
    expect(dropped.itemClass).toBe('IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA');
    const message = only(messagesOf(await ews(h.sim, getItem(dropped.id)), 'GetItemResponse'));
    const item = at(message, 'Items', 'Message');
    const props = new Map(
      children(item, 'ExtendedProperty').map((p) => [
        attr(at(p, 'ExtendedFieldURI'), 'PropertyTag'),
        textAt(p, 'Value'),
      ]),
    );
    expect(props.get('0x6801')).toBe('21');
    expect(props.get('0x6803')).toBe('Test Caller');
    expect(props.has('0x6805')).toBe(false);
    const attachment = at(item, 'Attachments', 'FileAttachment');
    expect(textAt(attachment, 'Name')).toBe('message.rpmsg');
    expect(textAt(attachment, 'ContentType')).toBe('application/x-microsoft-rpmsg-message');
    const got = await fetchAttachment(attr(at(attachment, 'AttachmentId'), 'Id') ?? '');
    expect(got.content.subarray(0, 8).toString('hex')).toBe('76e80460c411e386');
    // It is in the voicemail folder with the rest.
    const listed = await admin<{ id: string }[]>(h.sim, 'GET', `/mailboxes/${ALEX}/voicemail`);
    expect(listed.json.map((m) => m.id)).toContain(dropped.id);
  });

  it('keeps a Korean transcript and caller name intact through GetItem', async () => {
    const transcript = '안녕하세요, 박지훈입니다. 계약서 검토 부탁드립니다.';
    const dropped = await drop({ callerName: '박지훈', format: 'wav-gsm', transcript });
    const item = at(
      only(messagesOf(await ews(h.sim, getItem(dropped.id)), 'GetItemResponse')),
      'Items',
      'Message',
    );
    expect(textAt(item, 'Body')).toBe(transcript);
    expect(textAt(item, 'Subject')).toBe('Voice Mail from 박지훈 (9 seconds)');
  });
});

describe('a 50 MB attachment', () => {
  it('is listed with its size, refused by GetAttachment with ErrorMessageSizeExceeded, and the simulator carries on', async () => {
    const size = 50 * 1024 * 1024;
    const dropped = await drop({
      audio: {
        base64: committed('voicemail-1.mp3').toString('base64'),
        contentType: 'audio/mpeg',
        sizeBytes: size,
      },
    });
    expect(dropped.attachments[0]?.size).toBe(size);
    const item = at(
      only(messagesOf(await ews(h.sim, getItem(dropped.id)), 'GetItemResponse')),
      'Items',
      'Message',
    );
    expect(textAt(item, 'Attachments', 'FileAttachment', 'Size')).toBe(String(size));
    const got = await fetchAttachment(dropped.attachments[0]?.id ?? '');
    expect(got.code).toBe('ErrorMessageSizeExceeded');
    expect(got.content.length).toBe(0);
    // Still answering, and the normal audio still comes back.
    const [megan] = (
      await admin<Dropped[]>(h.sim, 'GET', `/mailboxes/${ALEX}/voicemail`)
    ).json.filter((m) => m.subject.startsWith('Voice Mail from Megan'));
    const normal = await fetchAttachment(megan?.attachments[0]?.id ?? '');
    expect(normal.content.equals(committed('voicemail-1.mp3'))).toBe(true);
  });
});
