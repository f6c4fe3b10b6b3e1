/**
 * FindItem on the voicemail folder decoded as it arrives (findVoicemailStream) against the tree
 * decoder (decodeFindVoicemailResponse) on the same bytes: the corpus's FindItem and GetItem
 * answers, and generated voicemail lists cut into random chunks. Same list or same typed error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src-main/ews/errors.js';
import {
  decodeFindVoicemailResponse,
  findVoicemailStream,
} from '../../../src-main/ews/operations/voicemail.js';
import { readEnvelope } from '../../../src-main/ews/soap/envelope.js';

const corpus = resolve(import.meta.dirname, '../../../../shared/ews-corpus');
const files = ['FindItem', 'GetItem'].flatMap((folder) =>
  readdirSync(join(corpus, folder))
    .filter((f) => f.endsWith('.response.xml'))
    .map((f): [string, Buffer] => [`${folder}/${f}`, readFileSync(join(corpus, folder, f))]),
);

type Outcome = { value: unknown } | { error: Record<string, unknown> };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    if (!(error instanceof Error)) return { error: { thrown: String(error) } };
    if (error instanceof DecodeError && error.message.startsWith('Malformed XML'))
      return { error: { class: 'DecodeError', malformed: true } };
    return {
      error: {
        class: error.constructor.name,
        message: error.message,
        fields: Object.entries(error),
      },
    };
  }
}

const tree = (bytes: Buffer): Outcome =>
  outcome(() => decodeFindVoicemailResponse(readEnvelope(bytes.toString('utf8'))));

function streamed(bytes: Buffer, cuts: readonly number[]): Outcome {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return outcome(() => {
    const stream = findVoicemailStream.open();
    let from = 0;
    for (const point of [...points, bytes.length]) {
      stream.write(bytes.subarray(from, point));
      from = point;
    }
    return stream.finish();
  });
}

describe('voicemail list: streamed and tree decoders agree', () => {
  it.each(files)('%s', (_name, bytes) => {
    const everyByte = [...bytes.keys()];
    expect(streamed(bytes, everyByte)).toEqual(tree(bytes));
  });

  const text = fc
    .array(
      fc.constantFrom('a', ' ', '&amp;', '&lt;', '&#8211;', 'é', '한', '😀', '<![CDATA[<x>]]>'),
      {
        maxLength: 8,
      },
    )
    .map((parts) => parts.join(''));
  const message = fc.record({
    subject: text,
    isRead: fc.constantFrom('true', 'false', 'perhaps'),
    duration: fc.constantFrom('12', ' 7 ', 'long'),
    caller: text,
    hasId: fc.oneof({ weight: 20, arbitrary: fc.constant(true) }, fc.constant(false)),
  });

  it('generated lists, cut anywhere', () => {
    let lists = 0;
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.array(fc.nat({ max: 100_000 }), { maxLength: 30 }),
        (messages, cuts) => {
          const items = messages
            .map(
              (m, i) =>
                `<t:Message>${m.hasId ? `<t:ItemId Id="vm${i}" ChangeKey="ck"/>` : ''}<t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass><t:Subject>${m.subject}</t:Subject><t:DateTimeReceived>2026-01-0${(i % 9) + 1}T10:00:00Z</t:DateTimeReceived><t:HasAttachments>true</t:HasAttachments><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x6801" PropertyType="Integer"/><t:Value>${m.duration}</t:Value></t:ExtendedProperty><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x6803" PropertyType="String"/><t:Value>${m.caller}</t:Value></t:ExtendedProperty><t:IsRead>${m.isRead}</t:IsRead><t:From><t:Mailbox><t:Name>${m.caller}</t:Name></t:Mailbox></t:From></t:Message>`,
            )
            .join('\n');
          const xml = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:FindItemResponse xmlns:m="urn:m" xmlns:t="urn:t"><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:RootFolder IncludesLastItemInRange="false"><t:Items>${items}</t:Items></m:RootFolder></m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse></s:Body></s:Envelope>`;
          const bytes = Buffer.from(xml, 'utf8');
          const expected = tree(bytes);
          if ('value' in expected) lists++;
          expect(streamed(bytes, cuts)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect(lists).toBeGreaterThan(20);
  });
});
