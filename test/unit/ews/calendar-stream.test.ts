/**
 * The streaming decoder (soap/stream-envelope.ts + findCalendarItemsStream) against the tree
 * decoder (readEnvelope + decodeFindCalendarItemsResponse) on the same bytes: the documented
 * corpus, fast-check-generated CalendarView answers cut into random chunks (inside multi-byte
 * characters too), malformed and truncated bodies, and faults. Both must give deep-equal pages
 * or the same typed error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, ServerBusyError, SoapFaultError } from '../../../src-main/ews/errors.js';
import {
  decodeFindCalendarItemsResponse,
  findCalendarItemsStream,
} from '../../../src-main/ews/operations/calendar.js';
import { readEnvelope } from '../../../src-main/ews/soap/envelope.js';
import { streamEnvelope } from '../../../src-main/ews/soap/stream-envelope.js';
import { makeCalendarViewResponse } from '../../bench/fixtures-calendar.js';

const corpus = resolve(import.meta.dirname, '../../../../shared/ews-corpus');
const corpusResponses = (folder: string): [string, string][] =>
  readdirSync(join(corpus, folder))
    .filter((f) => f.endsWith('.response.xml'))
    .map((f) => [`${folder}/${f}`, readFileSync(join(corpus, folder, f), 'utf8')]);
const allFolders = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

type Outcome = { value: unknown } | { error: Record<string, unknown> };

/** An error as comparable data: its class, message and own fields (no cause). */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { thrown: String(error) };
  const fields: Record<string, unknown> = { class: error.constructor.name };
  // Where the two parsers stop on broken XML (and say so) differs; that it is one does not.
  if (error instanceof DecodeError && error.message.startsWith('Malformed XML'))
    return { ...fields, malformed: true };
  fields.message = error.message;
  for (const [key, value] of Object.entries(error)) if (key !== 'cause') fields[key] = value;
  return fields;
}

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (error) {
    return { error: describeError(error) };
  }
}

const treeDecode = (bytes: Buffer): Outcome =>
  outcome(() => decodeFindCalendarItemsResponse(readEnvelope(bytes.toString('utf8'))));

function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

const streamDecode = (chunks: readonly Uint8Array[]): Outcome =>
  outcome(() => {
    const stream = findCalendarItemsStream.open();
    for (const chunk of chunks) stream.write(chunk);
    return stream.finish();
  });

function everyByte(bytes: Buffer): Buffer[] {
  return [...bytes].map((b) => Buffer.from([b]));
}

describe('corpus: the streamed tree is the tree parseXml builds', () => {
  const files = allFolders.flatMap(corpusResponses);
  it('covers the whole corpus', () => {
    expect(files.length).toBeGreaterThan(100);
  });
  it.each(files)('%s: readEnvelope and the streamed envelope agree', (_name, xml) => {
    const bytes = Buffer.from(xml, 'utf8');
    const expected = outcome(() => readEnvelope(xml));
    const actual = outcome(() => {
      // A container no document has: everything goes through the skeleton builder.
      const stream = streamEnvelope({
        containerPath: ['Nowhere'],
        itemName: 'Nothing',
        decodeItem: () => undefined,
      });
      for (const chunk of chunked(bytes, [7, 100, 101, 1000])) stream.write(chunk);
      return stream.finish().envelope;
    });
    expect(actual).toEqual(expected);
  });
});

describe('corpus: FindItem and GetItem answers through both calendar decoders', () => {
  const files = [...corpusResponses('FindItem'), ...corpusResponses('GetItem')];
  it.each(files)('%s', (_name, xml) => {
    const bytes = Buffer.from(xml, 'utf8');
    const expected = treeDecode(bytes);
    expect(streamDecode([bytes])).toEqual(expected);
    expect(streamDecode(everyByte(bytes))).toEqual(expected);
  });
  it('reads the documented CalendarView answer item by item', () => {
    const xml = readFileSync(
      join(corpus, 'FindItem/howto-get-appointments-and-meetings.response.xml'),
    );
    const result = streamDecode(everyByte(xml));
    expect(
      'value' in result && (result.value as { items: unknown[] }).items.length,
    ).toBeGreaterThan(0);
    expect(result).toEqual(treeDecode(xml));
  });
});

// --- Generated answers -------------------------------------------------------------------------

/** Characters XML 1.0 can carry, with a bias to the ones that need care (markup, multi-byte). */
const xmlChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...'aZ 09&<>"\';:/]'.split(''), '\n', '\t', ']]>') },
  { weight: 2, arbitrary: fc.constantFrom('é', '–', '日', '한', '😀', '\u00a0', '\u2028', '𝄞') },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0x20, max: 0x10ffff })
      .filter((c) => (c < 0xd800 || c > 0xdfff) && c !== 0xfffe && c !== 0xffff)
      .map((c) => String.fromCodePoint(c)),
  },
);
const xmlString = fc.array(xmlChar, { maxLength: 24 }).map((parts) => parts.join(''));

/** How one piece of text is written: escaped as needed, character references, CDATA. */
type TextStyle = 'plain' | 'decimal' | 'hex' | 'cdata' | 'named';
const textStyle = fc.constantFrom<TextStyle>('plain', 'decimal', 'hex', 'cdata', 'named');

function writeText(value: string, styles: readonly TextStyle[]): string {
  let out = '';
  let i = 0;
  for (const ch of value) {
    const style = styles[i++ % Math.max(1, styles.length)] ?? 'plain';
    const code = ch.codePointAt(0) ?? 0;
    if (style === 'decimal') out += `&#${code};`;
    else if (style === 'hex') out += `&#x${code.toString(16)};`;
    else if (style === 'cdata' && ch !== ']' && ch !== '>') out += `<![CDATA[${ch}]]>`;
    else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += style === 'named' ? '&gt;' : '&gt;';
    else if (ch === '"' && style === 'named') out += '&quot;';
    else if (ch === "'" && style === 'named') out += '&apos;';
    else out += ch;
  }
  return out;
}

/** Attribute values: raw tab/LF/CR are normalised to spaces by XML, so they go as references. */
function writeAttr(value: string, styles: readonly TextStyle[]): string {
  return writeText(
    value,
    styles.map((s) => (s === 'cdata' ? 'named' : s)),
  )
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

interface Doc {
  soap: string;
  messages: string;
  types: string;
  pretty: boolean;
  styles: TextStyle[];
  extraAttr: boolean;
}

const q = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}:${name}`);

const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
  .map((ms) => new Date(ms - (ms % 60_000)).toISOString().replace('.000Z', 'Z'));
const boolText = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('true', 'false', '1', '0', '') },
  { weight: 1, arbitrary: fc.constantFrom('yes', 'TRUE') },
);
const fieldValues: Record<string, fc.Arbitrary<string>> = {
  Subject: xmlString,
  Start: fc.oneof(
    { weight: 20, arbitrary: instant },
    { weight: 1, arbitrary: fc.constant('soon') },
  ),
  End: instant,
  IsAllDayEvent: boolText,
  LegacyFreeBusyStatus: fc.constantFrom(
    'Free',
    'Tentative',
    'Busy',
    'OOF',
    'WorkingElsewhere',
    'NoData',
    'Later',
  ),
  Location: xmlString,
  IsMeeting: boolText,
  IsCancelled: boolText,
  MyResponseType: fc.constantFrom(
    'Unknown',
    'Organizer',
    'Tentative',
    'Accept',
    'Decline',
    'NoResponseReceived',
    'Maybe',
  ),
  ReminderIsSet: boolText,
  ReminderMinutesBeforeStart: fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: -5, max: 10_000 }).map(String) },
    { weight: 1, arbitrary: fc.constant('15.5') },
  ),
  Sensitivity: fc.constantFrom('Normal', 'Personal', 'Private', 'Confidential', 'Secret'),
  JoinOnlineMeetingUrl: xmlString.map((s) => `https://teams.example/${s}`),
};

interface GenItem {
  id: string | undefined;
  changeKey: string | undefined;
  fields: [string, string][];
  organizer: { name: string; email: string; inMailbox: boolean } | undefined;
  extra: boolean;
}

const genItem: fc.Arbitrary<GenItem> = fc.record({
  id: fc.oneof(
    { weight: 30, arbitrary: xmlString.map((s) => `AAMk${s}=`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  ),
  changeKey: fc.option(xmlString, { nil: undefined }),
  fields: fc.subarray(Object.keys(fieldValues), { minLength: 0 }).chain((names) => {
    const withTimes = [...new Set(['Start', 'End', ...names])];
    return fc
      .tuple(
        ...withTimes.map((n) =>
          (fieldValues[n] as fc.Arbitrary<string>).map((v): [string, string] => [n, v]),
        ),
      )
      .chain((pairs) => fc.shuffledSubarray(pairs, { minLength: pairs.length }));
  }),
  organizer: fc.option(fc.record({ name: xmlString, email: xmlString, inMailbox: fc.boolean() }), {
    nil: undefined,
  }),
  extra: fc.boolean(),
});

function renderItem(item: GenItem, d: Doc): string {
  const t = (name: string): string => q(d.types, name);
  const el = (name: string, value: string, attrs = ''): string =>
    `<${t(name)}${attrs}>${writeText(value, d.styles)}</${t(name)}>`;
  const attrs: string[] = [];
  if (item.id !== undefined) attrs.push(` Id="${writeAttr(item.id, d.styles)}"`);
  if (item.changeKey !== undefined)
    attrs.push(` ChangeKey="${writeAttr(item.changeKey, d.styles)}"`);
  const sep = d.pretty ? '\n    ' : '';
  const parts = [`<${t('ItemId')}${attrs.join('')}/>`];
  for (const [name, value] of item.fields)
    parts.push(el(name, value, d.extraAttr && name === 'Subject' ? ' xml:lang="ko-KR"' : ''));
  if (item.organizer !== undefined) {
    const people = `${el('Name', item.organizer.name)}${sep}${el('EmailAddress', item.organizer.email)}${el('RoutingType', 'SMTP')}`;
    parts.push(
      item.organizer.inMailbox
        ? `<${t('Organizer')}>${sep}<${t('Mailbox')}>${people}</${t('Mailbox')}></${t('Organizer')}>`
        : `<${t('Organizer')}>${people}</${t('Organizer')}>`,
    );
  }
  if (item.extra)
    parts.push(
      `<${t('Body')} BodyType="HTML"><!-- kept out --><${t('Subject')}>not this one</${t('Subject')}>&lt;p&gt;</${t('Body')}>`,
    );
  return `<${t('CalendarItem')}>${sep}${parts.join(sep)}</${t('CalendarItem')}>`;
}

type Answer =
  | {
      kind: 'items';
      items: GenItem[];
      includesLast: string | undefined;
      total: string | undefined;
      otherChild: boolean;
    }
  | { kind: 'error'; code: string; backOff: number | undefined }
  | { kind: 'fault'; busy: boolean };

const answer: fc.Arbitrary<Answer> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('items' as const),
      items: fc.array(genItem, { maxLength: 12 }),
      includesLast: fc.constantFrom(undefined, 'true', 'false'),
      total: fc.constantFrom(undefined, '0', '12', 'many'),
      otherChild: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('error' as const),
      code: fc.constantFrom('ErrorServerBusy', 'ErrorAccessDenied', 'ErrorInvalidRequest'),
      backOff: fc.option(fc.nat({ max: 300_000 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const), busy: fc.boolean() }) },
);

const doc: fc.Arbitrary<Doc> = fc.record({
  soap: fc.constantFrom('s', 'soap', 'SOAP-ENV'),
  messages: fc.constantFrom('m', 'msg', ''),
  types: fc.constantFrom('t', 'typ', ''),
  pretty: fc.boolean(),
  styles: fc.array(textStyle, { minLength: 1, maxLength: 5 }),
  extraAttr: fc.boolean(),
});

function render(a: Answer, d: Doc): string {
  const s = (name: string): string => q(d.soap, name);
  const m = (name: string): string => q(d.messages, name);
  const t = (name: string): string => q(d.types, name);
  const nl = d.pretty ? '\n' : '';
  const ns = (prefix: string, uri: string): string =>
    prefix === '' ? ` xmlns="${uri}"` : ` xmlns:${prefix}="${uri}"`;
  let body: string;
  if (a.kind === 'fault') {
    body = `<${s('Fault')}><faultcode>${a.busy ? 'a:ErrorServerBusy' : 's:Client'}</faultcode><faultstring>No &amp; never</faultstring><detail><e:ResponseCode xmlns:e="urn:e">${a.busy ? 'ErrorServerBusy' : 'ErrorSchemaValidation'}</e:ResponseCode><t:MessageXml xmlns:t="urn:t"><t:Value Name="BackOffMilliseconds">3000</t:Value></t:MessageXml></detail></${s('Fault')}>`;
  } else {
    let inner: string;
    let attrs = ' ResponseClass="Success"';
    if (a.kind === 'error') {
      attrs = ' ResponseClass="Error"';
      inner = `<${m('MessageText')}>Try later &amp; again</${m('MessageText')}><${m('ResponseCode')}>${a.code}</${m('ResponseCode')}><${m('DescriptiveLinkKey')}>0</${m('DescriptiveLinkKey')}>${a.backOff === undefined ? '' : `<${m('MessageXml')}><${t('Value')} Name="BackOffMilliseconds">${a.backOff}</${t('Value')}></${m('MessageXml')}>`}`;
    } else {
      const rootAttrs =
        (a.total === undefined ? '' : ` TotalItemsInView="${a.total}"`) +
        (a.includesLast === undefined ? '' : ` IncludesLastItemInRange="${a.includesLast}"`);
      const other = a.otherChild
        ? `<${t('Message')}><${t('Subject')}>mail</${t('Subject')}></${t('Message')}>`
        : '';
      inner = `<${m('ResponseCode')}>NoError</${m('ResponseCode')}>${nl}<${m('RootFolder')}${rootAttrs}>${nl}<${t('Items')}>${nl}${a.items.map((i, n) => (n === 1 ? other : '') + renderItem(i, d)).join(nl)}${nl}</${t('Items')}></${m('RootFolder')}>`;
    }
    body = `<${m('FindItemResponse')}${ns(d.messages, 'http://schemas.microsoft.com/exchange/services/2006/messages')}${ns(d.types === '' ? 'x' : d.types, 'http://schemas.microsoft.com/exchange/services/2006/types')}>${nl}<${m('ResponseMessages')}>${nl}<${m('FindItemResponseMessage')}${attrs}>${nl}${inner}${nl}</${m('FindItemResponseMessage')}></${m('ResponseMessages')}></${m('FindItemResponse')}>`;
  }
  return `<?xml version="1.0" encoding="utf-8"?>${nl}<${s('Envelope')}${ns(d.soap, 'http://schemas.xmlsoap.org/soap/envelope/')}>${nl}<${s('Header')}><h:ServerVersionInfo xmlns:h="urn:h" MajorVersion="15" MinorVersion="20"/></${s('Header')}>${nl}<${s('Body')}>${body}</${s('Body')}></${s('Envelope')}>${nl}`;
}

const cuts = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 40 });

describe('generated CalendarView answers', () => {
  it('decode to the same page or the same error, whatever the chunk boundaries', () => {
    let pages = 0;
    let errors = 0;
    fc.assert(
      fc.property(answer, doc, cuts, (a, d, c) => {
        const bytes = Buffer.from(render(a, d), 'utf8');
        const expected = treeDecode(bytes);
        if ('value' in expected) pages++;
        else errors++;
        expect(streamDecode(chunked(bytes, c))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // Both kinds of outcome were exercised, not only one.
    expect(pages).toBeGreaterThan(50);
    expect(errors).toBeGreaterThan(20);
  });

  it('agree on every cut inside a multi-byte character', () => {
    const xml = render(
      {
        kind: 'items',
        items: [
          {
            id: 'AAMk😀=',
            changeKey: '日本',
            fields: [
              ['Subject', '한국어 – 😀 𝄞'],
              ['Start', '2026-01-01T10:00:00Z'],
              ['End', '2026-01-01T11:00:00Z'],
              ['Location', 'Café'],
            ],
            organizer: { name: 'Chloé', email: 'c@x', inMailbox: true },
            extra: false,
          },
        ],
        includesLast: 'true',
        total: '1',
        otherChild: false,
      },
      { soap: 's', messages: 'm', types: 't', pretty: false, styles: ['plain'], extraAttr: false },
    );
    const bytes = Buffer.from(xml, 'utf8');
    const expected = treeDecode(bytes);
    expect(expected).toMatchObject({
      value: { items: [{ subject: '한국어 – 😀 𝄞', location: 'Café' }] },
    });
    for (let i = 0; i < bytes.length; i++) {
      // Only cuts that split a character: a continuation byte follows.
      if (((bytes[i] ?? 0) & 0xc0) !== 0x80) continue;
      expect(streamDecode([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(expected);
    }
  });
});

describe('broken answers', () => {
  const good = Buffer.from(makeCalendarViewResponse(5), 'utf8');

  it('a body cut anywhere is a DecodeError from both, never a shorter page', () => {
    fc.assert(
      fc.property(fc.nat({ max: good.length - 1 }), cuts, (at, c) => {
        const cut = good.subarray(0, at);
        const expected = treeDecode(cut);
        expect(expected).toEqual({ error: { class: 'DecodeError', malformed: true } });
        expect(streamDecode(chunked(cut, c))).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['mismatched tags', (s: string) => s.replace('</t:Subject>', '</t:Location>')],
    [
      'a DOCTYPE',
      (s: string) => s.replace('<s:Envelope', '<!DOCTYPE x [<!ENTITY a "b">]><s:Envelope'),
    ],
    ['a second root', (s: string) => `${s}<again/>`],
    ['text after the root', (s: string) => `${s}trailing`],
    ['an unterminated comment', (s: string) => s.replace('<t:Items>', '<t:Items><!-- ')],
    ['an empty document', () => ''],
  ])('%s: DecodeError from both', (_name, mutate) => {
    const bytes = Buffer.from(mutate(good.toString('utf8')), 'utf8');
    const expected = treeDecode(bytes);
    expect(expected).toEqual({ error: { class: 'DecodeError', malformed: true } });
    expect(streamDecode(chunked(bytes, [3, 50, 51, 700]))).toEqual(expected);
  });

  it('a fault after the header, in a 200 body, is the same SoapFaultError / ServerBusyError', () => {
    for (const busy of [false, true]) {
      const xml = render(
        { kind: 'fault', busy },
        { soap: 's', messages: 'm', types: 't', pretty: true, styles: ['plain'], extraAttr: false },
      );
      const bytes = Buffer.from(xml, 'utf8');
      const expected = treeDecode(bytes);
      const tree = outcome(() => readEnvelope(xml));
      expect(tree).toEqual(expected);
      expect(expected).toMatchObject({
        error: { class: busy ? ServerBusyError.name : SoapFaultError.name },
      });
      expect(streamDecode(everyByte(bytes))).toEqual(expected);
    }
  });

  it('a fault that follows a complete FindItemResponse in the same Body still wins', () => {
    const xml = good
      .toString('utf8')
      .replace(
        '</s:Body>',
        '<s:Fault><faultcode>s:Server</faultcode><faultstring>late</faultstring></s:Fault></s:Body>',
      );
    const expected = treeDecode(Buffer.from(xml));
    expect(expected).toMatchObject({ error: { class: 'SoapFaultError', faultString: 'late' } });
    expect(streamDecode(chunked(Buffer.from(xml), [1000, 2000]))).toEqual(expected);
  });

  it('an item that cannot be read fails the page with the same path, even when a later item is fine', () => {
    const xml = good
      .toString('utf8')
      .replace(/<t:Start>[^<]*<\/t:Start>/, '<t:Start>someday</t:Start>');
    const expected = treeDecode(Buffer.from(xml));
    expect(expected).toMatchObject({ error: { class: 'DecodeError' } });
    expect(JSON.stringify(expected)).toContain('/RootFolder/Items/CalendarItem[1]/Start');
    expect(streamDecode([Buffer.from(xml)])).toEqual(expected);
  });
});

const MALFORMED = { error: { class: 'DecodeError', malformed: true } };

describe('where the strict parser refuses what fast-xml-parser let through', () => {
  const good = makeCalendarViewResponse(2);
  it.each([
    [
      'an HTML entity (&nbsp;) XML does not define',
      good
        .replace('Weekly stand-up', 'Weekly&nbsp;stand-up')
        .replace('Q3 planning', 'Q3&nbsp;planning'),
    ],
    [
      'a duplicated attribute',
      good.replace('ResponseClass="Success"', 'ResponseClass="Success" ResponseClass="Error"'),
    ],
    ['a control character', good.replace('Q3 planning', 'Q3\u0001planning')],
    ['an unquoted attribute', good.replace('ResponseClass="Success"', 'ResponseClass=Success')],
  ])('%s: a DecodeError, not what the lenient parser read', (_name, xml) => {
    // The tree decoder reads something: a page, or the error of a value it misread.
    expect(treeDecode(Buffer.from(xml))).not.toEqual(MALFORMED);
    expect(streamDecode([Buffer.from(xml)])).toEqual(MALFORMED);
  });
});

describe('mutated answers', () => {
  const base = makeCalendarViewResponse(3);
  const junk = fc
    .array(
      fc.constantFrom(
        '<',
        '>',
        '/',
        '=',
        '"',
        "'",
        '&',
        ';',
        '#x',
        'A',
        ' ',
        '&amp;',
        '&#8211;',
        ']]>',
        '<!--',
        '-->',
        '<![CDATA[',
        '<t:Subject>',
        '</t:Start>',
        'é',
        '\u0001',
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  const edit = fc.oneof(
    fc.tuple(fc.nat({ max: base.length }), fc.nat({ max: 40 })).map(
      ([at, n]) =>
        (s: string) =>
          s.slice(0, at) + s.slice(at + n),
    ),
    fc.tuple(fc.nat({ max: base.length }), junk).map(
      ([at, text]) =>
        (s: string) =>
          s.slice(0, at) + text + s.slice(at),
    ),
  );

  it('the streamed decoder reads a subset of what the tree decoder reads, and reads it the same', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), cuts, (edits, c) => {
        const bytes = Buffer.from(
          edits.reduce((s, e) => e(s), base),
          'utf8',
        );
        const expected = treeDecode(bytes);
        const actual = streamDecode(chunked(bytes, c));
        // Every failure is one of the library's typed errors, never a TypeError from inside.
        if ('error' in actual) expect(actual.error.class).toMatch(/Error$/);
        if ('error' in actual)
          expect(['TypeError', 'RangeError', 'Error']).not.toContain(actual.error.class);
        // Either the same outcome, or the strict parser refused what the lenient one read.
        if (!('error' in actual && actual.error.malformed === true))
          expect(actual).toEqual(expected);
        if ('value' in actual) read++;
      }),
      { numRuns: 500 },
    );
    // Not everything was refused: many mutations (in text, in attribute values) still parse.
    expect(read).toBeGreaterThan(50);
  });
});

describe('element names fast-xml-parser guards against prototype pollution', () => {
  const base = makeCalendarViewResponse(2);
  it.each(['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'])(
    '<t:%s> in an item, in a skipped part and in the envelope: the same outcome',
    (name) => {
      const element = `<t:${name} a="1">x</t:${name}>`;
      const places = [
        base.replace('<t:Subject>', `${element}<t:Subject>`),
        base.replace('<t:Items>', `<t:Items><t:Message>${element}</t:Message>`),
        base.replace('<s:Header>', `<s:Header>${element}`),
      ];
      for (const xml of places) {
        const bytes = Buffer.from(xml, 'utf8');
        const expected = treeDecode(bytes);
        expect(streamDecode(chunked(bytes, [500, 1000]))).toEqual(expected);
      }
      const refused = ['constructor', '__proto__', 'prototype'].includes(name);
      expect(treeDecode(Buffer.from(places[0] ?? ''))).toEqual(
        refused ? MALFORMED : expect.objectContaining({ value: expect.anything() as unknown }),
      );
    },
  );
});
