/**
 * Every decoder, fed random and mutated XML, either decodes or throws one of the library's typed
 * errors: never a TypeError from deep inside, never a hang, never half a result.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeV2Json } from '../../../src-main/ews/autodiscover/json-codec.js';
import { decodePoxResponse } from '../../../src-main/ews/autodiscover/pox-codec.js';
import { EwsError } from '../../../src-main/ews/errors.js';
import { decodeGetUserAvailabilityResponse } from '../../../src-main/ews/operations/availability.js';
import { decodeFindCalendarItemsResponse } from '../../../src-main/ews/operations/calendar.js';
import { decodeCreateItemResponse } from '../../../src-main/ews/operations/conversation-history.js';
import {
  decodeFindItemResponse,
  decodeItemsResponse,
} from '../../../src-main/ews/operations/items.js';
import { decodeGetMailTipsResponse } from '../../../src-main/ews/operations/mailtips.js';
import {
  decodeGetUserOofSettingsResponse,
  decodeSetUserOofSettingsResponse,
} from '../../../src-main/ews/operations/oof.js';
import { decodeResolveNamesResponse } from '../../../src-main/ews/operations/resolve-names.js';
import { responseOutcomes } from '../../../src-main/ews/operations/response-errors.js';
import {
  decodeDeleteItemResponse,
  decodeFindVoicemailResponse,
  decodeGetAttachmentResponse,
  decodeGetVoicemailResponse,
  decodeUpdateItemResponse,
} from '../../../src-main/ews/operations/voicemail.js';
import { readEnvelope, type DecodedEnvelope } from '../../../src-main/ews/soap/envelope.js';
import { legacyTimeZoneFor } from '../../../src-main/ews/time/legacy-time-zone.js';
import { makeCalendarViewResponse } from '../../bench/fixtures-calendar.js';

const corpus = resolve(import.meta.dirname, '../../../../shared/ews-corpus');
const responses = (folder: string): string[] =>
  readdirSync(join(corpus, folder))
    .filter((f) => f.endsWith('.response.xml'))
    .map((f) => readFileSync(join(corpus, folder, f), 'utf8'));

const zone = legacyTimeZoneFor('America/Los_Angeles', new Date(Date.UTC(2026, 5, 1)));

type EnvelopeDecoder = (env: DecodedEnvelope) => unknown;

const envelopeDecoders: [string, EnvelopeDecoder, string[]][] = [
  ['GetUserOofSettings', decodeGetUserOofSettingsResponse, responses('GetUserOofSettings')],
  ['SetUserOofSettings', decodeSetUserOofSettingsResponse, responses('SetUserOofSettings')],
  [
    'GetUserAvailability',
    (env) =>
      decodeGetUserAvailabilityResponse(env, {
        mailboxes: ['a@x', 'b@x', 'c@x'].slice(0, 2),
        zone,
        intervalMinutes: 15,
      }),
    responses('GetUserAvailability'),
  ],
  [
    'FindItem (calendar)',
    decodeFindCalendarItemsResponse,
    [makeCalendarViewResponse(3), ...responses('FindItem')],
  ],
  ['FindItem (generic)', decodeFindItemResponse, responses('FindItem')],
  ['FindItem (voicemail)', decodeFindVoicemailResponse, responses('FindItem')],
  ['GetItem (generic)', (env) => decodeItemsResponse(env, 'GetItem'), responses('GetItem')],
  ['GetItem (voicemail)', decodeGetVoicemailResponse, responses('GetItem')],
  ['GetAttachment', decodeGetAttachmentResponse, responses('GetAttachment')],
  ['UpdateItem', decodeUpdateItemResponse, responses('UpdateItem')],
  ['DeleteItem', decodeDeleteItemResponse, responses('DeleteItem')],
  ['CreateItem', decodeCreateItemResponse, responses('CreateItem')],
  ['ResolveNames', decodeResolveNamesResponse, responses('ResolveNames')],
  [
    'GetMailTips',
    (env) => decodeGetMailTipsResponse(env, ['a@x', 'b@x']),
    responses('GetUserOofSettings'),
  ],
  ['any (response codes)', responseOutcomes, responses('Errors')],
];

const xmlAlphabet = fc.constantFrom(
  ...'<>/="\'&;#x:Ab 0\n-?![]'.split(''),
  '&#8211;',
  '&#0;',
  '&amp;',
  ']]>',
  '<!--',
  '<![CDATA[',
);
const junk = fc.array(xmlAlphabet, { maxLength: 12 }).map((parts) => parts.join(''));

type Mutation = (s: string) => string;
/** Positions as naturals folded into the string's length (fc.double clusters at 0 and 1). */
const pos = fc.nat({ max: 1_000_000 });
const at = (s: string, n: number): number => (s.length === 0 ? 0 : n % (s.length + 1));
const badValues = [
  'true',
  'maybe',
  '-1',
  '99999999999999999999',
  '2026-13-45T99:00:00Z',
  'NaN',
  '',
  ' ',
  'Busy',
  'x'.repeat(300),
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Cut a range out.
  fc.tuple(pos, pos).map(([a, b]): Mutation => (s) => {
    const [from, to] = [at(s, a), at(s, b)].sort((x, y) => x - y) as [number, number];
    return s.slice(0, from) + s.slice(to);
  }),
  // Insert XML-ish junk.
  fc.tuple(pos, junk).map(
    ([a, text]): Mutation =>
      (s) =>
        s.slice(0, at(s, a)) + text + s.slice(at(s, a)),
  ),
  // Duplicate a stretch.
  fc.tuple(pos, fc.nat({ max: 400 })).map(
    ([a, len]): Mutation =>
      (s) =>
        s.slice(0, at(s, a)) +
        s.slice(at(s, a), at(s, a) + len).repeat(2) +
        s.slice(at(s, a) + len),
  ),
  // Truncate.
  pos.map(
    (a): Mutation =>
      (s) =>
        s.slice(0, at(s, a)),
  ),
  // Replace one element's text: wrong types, huge numbers, odd dates. Weighted up, because it
  // is the mutation that gets past the parser to the value readers.
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...badValues), fc.nat())
      .map(([value, which]): Mutation => (s) => {
        const texts = [...s.matchAll(/>([^<\s][^<]{0,59})</g)];
        const target = texts.length === 0 ? undefined : texts[which % texts.length];
        if (target?.index === undefined) return s;
        return `${s.slice(0, target.index)}>${value}<${s.slice(target.index + target[0].length)}`;
      }),
  },
);

function mutated(seeds: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([seed, ms]) => ms.reduce((s, m) => m(s), seed));
}

/** Runs the decoder; anything thrown must be one of ours. */
function onlyTypedErrors(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof EwsError)) throw error;
  }
}

describe('decoders on random and mutated XML', () => {
  it.each(envelopeDecoders)('%s throws only typed errors', (_name, decode, seeds) => {
    expect(seeds.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.oneof({ weight: 4, arbitrary: mutated(seeds) }, { weight: 1, arbitrary: fc.string() }),
        (xml) => {
          onlyTypedErrors(() => decode(readEnvelope(xml)));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('the Autodiscover POX decoder throws only typed errors', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(responses('Autodiscover')), fc.string()), (xml) => {
        onlyTypedErrors(() => decodePoxResponse(xml));
      }),
      { numRuns: 600 },
    );
  });

  it('the Autodiscover v2 JSON decoder throws only typed errors', () => {
    const seed = JSON.stringify({
      Protocol: 'EWS',
      Url: 'https://outlook.office365.com/EWS/Exchange.asmx',
    });
    fc.assert(
      fc.property(fc.oneof(mutated([seed]), fc.json(), fc.string()), (body) => {
        onlyTypedErrors(() => decodeV2Json(body));
      }),
      { numRuns: 600 },
    );
  });

  it('decodes the unmutated seed of each operation (the property is not vacuous)', () => {
    const env = readEnvelope(makeCalendarViewResponse(3));
    expect(decodeFindCalendarItemsResponse(env).items).toHaveLength(3);
  });
});
