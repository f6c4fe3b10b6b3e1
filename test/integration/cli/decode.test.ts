/**
 * `beacon decode` as a child process on Microsoft's documented responses (../shared/ews-corpus)
 * and on hand-written captures: JSON on stdout with UTC instants, error responses as their code
 * and MessageXml with exit 1, malformed input as one line on stderr, wrong usage exit 2.
 *
 * Every invocation starts in beforeAll (a few at a time) and each test checks its own result.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodableOperations } from '../../../src-main/cli/commands/decode.js';
import {
  corpus,
  expectInstantsUtc,
  expectOneLineError,
  jsonOf,
  runAll,
  type CliResult,
} from './support.js';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const MESSAGES_NS = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const TYPES_NS = 'http://schemas.microsoft.com/exchange/services/2006/types';
const ERRORS_NS = 'http://schemas.microsoft.com/exchange/services/2006/errors';

/** Exchange Online's throttling fault, as a capture would hold it. */
const SERVER_BUSY = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="${SOAP_NS}">
  <s:Body>
    <s:Fault>
      <faultcode xmlns:a="${TYPES_NS}">a:ErrorServerBusy</faultcode>
      <faultstring xml:lang="en-US">The server cannot service this request right now. Try again later.</faultstring>
      <detail>
        <e:ResponseCode xmlns:e="${ERRORS_NS}">ErrorServerBusy</e:ResponseCode>
        <e:Message xmlns:e="${ERRORS_NS}">The server cannot service this request right now. Try again later.</e:Message>
        <t:MessageXml xmlns:t="${TYPES_NS}"><t:Value Name="BackOffMilliseconds">29735</t:Value></t:MessageXml>
      </detail>
    </s:Fault>
  </s:Body>
</s:Envelope>`;

/**
 * The corpus has no GetMailTips answer: one written in the default-namespace style (no
 * prefixes), with an OOF whose duration carries an offset and a recipient without OOF.
 */
const MAIL_TIPS = `<?xml version="1.0" encoding="utf-8"?>
<Envelope xmlns="${SOAP_NS}">
  <Body>
    <GetMailTipsResponse ResponseClass="Success" xmlns="${MESSAGES_NS}">
      <ResponseCode>NoError</ResponseCode>
      <ResponseMessages>
        <MailTipsResponseMessageType ResponseClass="Success">
          <ResponseCode>NoError</ResponseCode>
          <MailTips>
            <RecipientAddress xmlns="${TYPES_NS}"><Name>Adele Vance</Name><EmailAddress>adele@beacon.test</EmailAddress><RoutingType>SMTP</RoutingType></RecipientAddress>
            <PendingMailTips xmlns="${TYPES_NS}"/>
            <OutOfOffice xmlns="${TYPES_NS}">
              <ReplyBody><Message>&lt;p&gt;Back on Monday &amp;amp; reachable by phone&lt;/p&gt;</Message></ReplyBody>
              <Duration><StartTime>2025-06-09T09:00:00+02:00</StartTime><EndTime>2025-06-16T07:00:00Z</EndTime></Duration>
            </OutOfOffice>
          </MailTips>
        </MailTipsResponseMessageType>
        <MailTipsResponseMessageType ResponseClass="Success">
          <ResponseCode>NoError</ResponseCode>
          <MailTips>
            <RecipientAddress xmlns="${TYPES_NS}"><Name>Lee Gu</Name><EmailAddress>lee@beacon.test</EmailAddress><RoutingType>SMTP</RoutingType></RecipientAddress>
            <PendingMailTips xmlns="${TYPES_NS}"/>
            <OutOfOffice xmlns="${TYPES_NS}"><ReplyBody><Message/></ReplyBody></OutOfOffice>
          </MailTips>
        </MailTipsResponseMessageType>
      </ResponseMessages>
    </GetMailTipsResponse>
  </Body>
</Envelope>`;

const file = (rel: string): string => path.join(corpus, rel);

let dir: string;
const temp = (name: string): string => path.join(dir, name);

/** name → arguments after `beacon`. */
const jobs = {
  oof: ['decode', 'GetUserOofSettings', file('GetUserOofSettings/ref.response.xml')],
  oofFault: ['decode', 'GetUserOofSettings', file('GetUserOofSettings/ref-error.response.xml')],
  setOof: ['decode', 'SetUserOofSettings', file('SetUserOofSettings/ref.response.xml')],
  availabilityLa: [
    'decode',
    'GetUserAvailability',
    file('GetUserAvailability/howto-get-free-busy-information.response.xml'),
    '--time-zone',
    'America/Los_Angeles',
    '--mailboxes',
    'mack@contoso.com, sadie@contoso.com',
    '--interval',
    '30',
  ],
  availabilityBerlin: [
    'decode',
    'GetUserAvailability',
    file('GetUserAvailability/howto-get-free-busy-information.response.xml'),
    '--time-zone',
    'Europe/Berlin',
  ],
  calendarView: [
    'decode',
    'FindItem',
    file('FindItem/howto-get-appointments-and-meetings.response.xml'),
  ],
  findMessages: [
    'decode',
    'FindItem',
    file('FindItem/howto-perform-paged-searches-1.response.xml'),
  ],
  findError: ['decode', 'FindItem', file('FindItem/ref-error.response.xml')],
  getItem: ['decode', 'GetItem', file('GetItem/howto-create-a-recurring-series.response.xml')],
  getItemError: ['decode', 'GetItem', file('GetItem/ref-email-message-error.response.xml')],
  getAttachment: ['decode', 'GetAttachment', file('GetAttachment/ref.response.xml')],
  updateItem: ['decode', 'UpdateItem', file('UpdateItem/ref-3.response.xml')],
  deleteItem: ['decode', 'DeleteItem', file('DeleteItem/ref.response.xml')],
  deleteItemError: ['decode', 'DeleteItem', file('DeleteItem/ref-error.response.xml')],
  createItem: ['decode', 'CreateItem', file('CreateItem/ref-calendar-item.response.xml')],
  mailTips: (): string[] => ['decode', 'GetMailTips', temp('mailtips.xml')],
  resolveNames: ['decode', 'ResolveNames', file('ResolveNames/ref.response.xml')],
  serverBusy: (): string[] => ['decode', 'FindItem', temp('server-busy.xml')],
  schemaFault: [
    'decode',
    'AddImGroup',
    file('Errors/AddImGroup-ErrorSchemaValidation-soapfault.response.xml'),
  ],
  unknownError: [
    'decode',
    'InstallApp',
    file('Errors/InstallApp-ErrorInternalServerError.response.xml'),
  ],
  unknownSuccess: ['decode', 'GetFolder', file('GetFolder/ref.response.xml')],
  truncated: (): string[] => ['decode', 'FindItem', temp('truncated.xml')],
  notXml: (): string[] => ['decode', 'GetUserOofSettings', temp('not-xml.xml')],
  empty: (): string[] => ['decode', 'GetUserOofSettings', temp('empty.xml')],
  missing: (): string[] => ['decode', 'GetUserOofSettings', temp('no-such-file.xml')],
  wrongOperation: ['decode', 'GetUserOofSettings', file('GetUserAvailability/ref.response.xml')],
  usageOneArg: ['decode', 'GetUserOofSettings'],
  usageUnknownFlag: [
    'decode',
    '--bogus',
    'GetUserOofSettings',
    file('GetUserOofSettings/ref.response.xml'),
  ],
  usageUnknownCommand: ['frobnicate'],
  noCommand: [],
} satisfies Record<string, string[] | (() => string[])>;

type JobName = keyof typeof jobs;
const results = new Map<JobName, CliResult>();
const resultOf = (name: JobName): CliResult => {
  const result = results.get(name);
  if (!result) throw new Error(`no result for ${name}`);
  return result;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-cli-decode-'));
  const calendar = await readFile(
    file('FindItem/howto-get-appointments-and-meetings.response.xml'),
    'utf8',
  );
  await Promise.all([
    writeFile(temp('server-busy.xml'), SERVER_BUSY),
    writeFile(temp('mailtips.xml'), MAIL_TIPS),
    writeFile(temp('truncated.xml'), calendar.slice(0, Math.floor(calendar.length / 2))),
    writeFile(temp('not-xml.xml'), 'HTTP/1.1 502 Bad Gateway\n\n<html>oops'),
    writeFile(temp('empty.xml'), ''),
  ]);
  const names = Object.keys(jobs) as JobName[];
  const args = names.map((name) => {
    const job = jobs[name];
    return typeof job === 'function' ? job() : job;
  });
  const outcomes = await runAll(args);
  names.forEach((name, i) => {
    const outcome = outcomes[i];
    if (outcome) results.set(name, outcome);
  });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A successful decode: exit 0, nothing on stderr, JSON with UTC instants. */
function decoded(name: JobName): unknown {
  const result = resultOf(name);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const value = jsonOf(result);
  expectInstantsUtc(value);
  return value;
}

/** An error response: exit 1, nothing on stderr, its code and MessageXml as JSON. */
function errorResponse(name: JobName): unknown {
  const result = resultOf(name);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  return jsonOf(result);
}

describe('beacon decode: every decodable operation', () => {
  it('covers exactly the operations decode.ts declares', () => {
    expect(decodableOperations).toEqual([
      'GetUserOofSettings',
      'SetUserOofSettings',
      'GetUserAvailability',
      'FindItem',
      'GetItem',
      'GetAttachment',
      'UpdateItem',
      'DeleteItem',
      'CreateItem',
      'GetMailTips',
      'ResolveNames',
    ]);
    // And the usage text (no command: help on stdout, exit 0) names each of them.
    const usage = resultOf('noCommand');
    expect(usage.code).toBe(0);
    expect(usage.stderr).toBe('');
    for (const op of decodableOperations) expect(usage.stdout).toContain(op);
  });

  it('GetUserOofSettings: state, audience, duration in UTC and both replies', () => {
    const oof = decoded('oof') as Record<string, unknown>;
    expect(oof).toEqual({
      state: 'Disabled',
      externalAudience: 'All',
      internalReply: { message: 'I am out of office. This is my internal reply.' },
      externalReply: { message: 'I am out of office. This is my external reply.' },
      duration: { start: '2006-11-03T23:00:00.000Z', end: '2006-11-04T23:00:00.000Z' },
      allowExternalOof: 'All',
    });
  });

  it('SetUserOofSettings: a success answer', () => {
    expect(decoded('setOof')).toEqual({ ok: true });
  });

  it('GetUserAvailability: unzoned event times are read in the --time-zone zone', () => {
    const la = decoded('availabilityLa') as {
      mailbox: string;
      ok: boolean;
      view: string;
      intervalMinutes: number;
      events: { start: string; end: string; busyType: string }[];
    }[];
    expect(la.map((r) => [r.mailbox, r.ok, r.view, r.intervalMinutes])).toEqual([
      ['mack@contoso.com', true, 'FreeBusy', 30],
      ['sadie@contoso.com', true, 'FreeBusy', 30],
    ]);
    // 08:00 and 11:00 Pacific standard time (UTC-8) on 13 February 2014.
    expect(la[0]?.events).toEqual([
      { start: '2014-02-13T16:00:00.000Z', end: '2014-02-13T18:00:00.000Z', busyType: 'Free' },
      { start: '2014-02-13T19:00:00.000Z', end: '2014-02-13T20:00:00.000Z', busyType: 'Busy' },
    ]);
    expect(la[1]?.events).toHaveLength(4);
    expect(la[1]?.events[3]?.busyType).toBe('Tentative');

    // The same capture read as Berlin time (UTC+1 in February), mailboxes numbered.
    const berlin = decoded('availabilityBerlin') as {
      mailbox: string;
      events: { start: string }[];
    }[];
    expect(berlin.map((r) => r.mailbox)).toEqual(['mailbox 1', 'mailbox 2']);
    expect(berlin[0]?.events.map((e) => e.start)).toEqual([
      '2014-02-13T07:00:00.000Z',
      '2014-02-13T10:00:00.000Z',
    ]);
  });

  it('FindItem: a calendar view as calendar items, another folder generically', () => {
    const view = decoded('calendarView') as {
      items: { subject: string; start: string; end: string; freeBusy: string }[];
      totalItemsInView: number;
      includesLastItemInRange: boolean;
    };
    expect(view.items).toHaveLength(5);
    expect(view.totalItemsInView).toBe(33);
    expect(view.includesLastItemInRange).toBe(false);
    expect(view.items[0]).toMatchObject({
      subject: 'Contoso devs team meeting',
      start: '2013-08-21T19:30:00.000Z',
      end: '2013-08-21T20:00:00.000Z',
      freeBusy: 'Busy',
    });
    expect(view.items.map((i) => i.subject)).toContain('Online training webcast');

    const messages = decoded('findMessages') as {
      items: { type: string; subject: string }[];
      indexedPagingOffset: number;
    };
    expect(messages.indexedPagingOffset).toBe(6);
    expect(messages.items.map((i) => i.subject)).toEqual([
      'Query',
      'Update',
      'Planning resources',
      'Timeline',
      'For your perusal',
      'meeting notes',
    ]);
    expect(new Set(messages.items.map((i) => i.type))).toEqual(new Set(['Message']));
  });

  it('GetItem: the item with its type and subject', () => {
    expect(decoded('getItem')).toEqual([
      {
        ok: true,
        items: [
          {
            type: 'CalendarItem',
            id: 'AAMkAD',
            changeKey: 'DwAAAB',
            subject: 'Weekly Update Meeting',
          },
        ],
      },
    ]);
  });

  it('GetAttachment: the file attachment, its content as a size', () => {
    expect(decoded('getAttachment')).toEqual({
      kind: 'FileAttachment',
      id: 'AAAtAEFkbWluaX...',
      name: 'SomeFile',
      contentType: 'application/octet-stream',
      content: { bytes: 5 },
    });
  });

  it('UpdateItem, DeleteItem, CreateItem: the new ids, or ok', () => {
    expect(decoded('updateItem')).toEqual({ id: 'AAAtAEFkbW...', changeKey: 'CQAAABYAAA...' });
    expect(decoded('deleteItem')).toEqual({ ok: true });
    expect(decoded('createItem')).toEqual({ id: 'AAAlAFV', changeKey: 'DwAAABYA' });
  });

  it('GetMailTips: each recipient by address, OOF message unescaped once, duration in UTC', () => {
    expect(decoded('mailTips')).toEqual([
      {
        email: 'adele@beacon.test',
        oof: {
          message: '<p>Back on Monday &amp; reachable by phone</p>',
          duration: { start: '2025-06-09T07:00:00.000Z', end: '2025-06-16T07:00:00.000Z' },
        },
      },
      { email: 'lee@beacon.test' },
    ]);
  });

  it('ResolveNames: the resolved mailbox and its contact', () => {
    const [first, ...rest] = decoded('resolveNames') as {
      name: string;
      email: string;
      routingType: string;
      contact: { source: string };
    }[];
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      name: 'User2',
      email: 'User2@example.com',
      routingType: 'SMTP',
      mailboxType: 'Mailbox',
      contact: { displayName: 'User2', source: 'ActiveDirectory' },
    });
  });
});

describe('beacon decode: error responses print their code and MessageXml and exit 1', () => {
  it('a SOAP fault without an EWS code (GetUserOofSettings/ref-error)', () => {
    const fault = errorResponse('oofFault') as Record<string, unknown>;
    expect(fault.error).toBe('soap-fault');
    expect(fault.faultCode).toBe('soap:Client');
    expect(fault.faultString).toContain('User is not mailbox owner');
    expect(fault.messageXml).toEqual({});
  });

  it('an ErrorSchemaValidation fault of an operation decode does not know: the MessageXml values', () => {
    expect(errorResponse('schemaFault')).toEqual({
      error: 'soap-fault',
      faultCode: 'a:ErrorSchemaValidation',
      faultString:
        'The request failed schema validation: An error occurred while parsing EntityName. Line 11, position 33.',
      responseCode: 'ErrorSchemaValidation',
      messageXml: {
        LineNumber: '11',
        LinePosition: '33',
        Violation: 'An error occurred while parsing EntityName. Line 11, position 33.',
      },
    });
  });

  it('ErrorServerBusy: the code and BackOffMilliseconds', () => {
    const busy = errorResponse('serverBusy') as Record<string, unknown>;
    expect(busy).toMatchObject({
      error: 'server-busy',
      responseCode: 'ErrorServerBusy',
      messageXml: { BackOffMilliseconds: '29735' },
      retryAfterMs: 29735,
    });
  });

  it('an Error response message: FindItem, DeleteItem, and one failed GetItem message', () => {
    expect(errorResponse('findError')).toMatchObject({
      error: 'ews-response',
      responseCode: 'ErrorInvalidIdMalformed',
      messageText: 'Id is malformed.',
    });
    expect(errorResponse('deleteItemError')).toEqual({
      error: 'ews-response',
      responseCode: 'ErrorItemNotFound',
      messageText: 'The specified object was not found in the store.',
      messageXml: {},
    });
    expect(errorResponse('getItemError')).toEqual([
      {
        ok: false,
        error: {
          error: 'ews-response',
          responseCode: 'ErrorInvalidPropertyRequest',
          messageText: 'Property is not valid for this object type.',
          messageXml: { FieldURI: 'meeting:AssociatedCalendarItemId' },
        },
      },
    ]);
  });
});

describe('beacon decode: operations without a decoder print the response-message outcomes', () => {
  it('an error outcome (InstallApp) exits 1 with its code and text', () => {
    const out = errorResponse('unknownError') as {
      operation: string;
      responseMessages: Record<string, unknown>[];
    };
    expect(out.operation).toBe('InstallApp');
    expect(out.responseMessages).toEqual([
      {
        element: 'InstallAppResponse',
        responseClass: 'Error',
        responseCode: 'ErrorInternalServerError',
        error: 'ews-response',
        messageText: "This app can't be installed. Missing OfficeApp element.",
        messageXml: {},
      },
    ]);
  });

  it('a success outcome (GetFolder) exits 0', () => {
    expect(decoded('unknownSuccess')).toEqual({
      operation: 'GetFolder',
      responseMessages: [
        { element: 'GetFolderResponseMessage', responseClass: 'Success', responseCode: 'NoError' },
      ],
    });
  });
});

describe('beacon decode: malformed input is one line on stderr, no stack trace', () => {
  it.each([
    ['truncated', /^beacon: decode error: Malformed XML: .+ at offset \d+$/],
    ['notXml', /^beacon: decode error: Malformed XML: text before the root element/],
    ['empty', /^beacon: decode error: Malformed XML: no root element/],
    ['missing', /^beacon: error: ENOENT: no such file or directory, open '.*no-such-file\.xml'$/],
    ['wrongOperation', /^beacon: decode error: Missing element GetUserOofSettingsResponse/],
  ] as const)('%s', (name, pattern) => {
    const result = resultOf(name);
    expectOneLineError(result, pattern);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });
});

describe('beacon: wrong usage exits 2', () => {
  it.each([
    ['usageOneArg', /^beacon: beacon decode <Operation> <file>/],
    ['usageUnknownFlag', /^beacon: Unknown option '--bogus'/],
    ['usageUnknownCommand', /^beacon: Unknown command "frobnicate"$/],
  ] as const)('%s', (name, pattern) => {
    const result = resultOf(name);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('    at ');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(pattern);
    expect(lines.slice(1)).toEqual(['Run "beacon help" for usage.']);
  });
});
