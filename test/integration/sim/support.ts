/**
 * Helpers for the simulator's integration tests: hand-written SOAP requests over real sockets,
 * admin calls, and schema validation of every successful SOAP response the tests receive.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import {
  attr,
  child,
  children,
  isObject,
  parseXml,
  text,
  type XmlNode,
  type XmlObject,
} from '../../../src-main/ews/xml/parse.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src-main/sim/index.js';
import { EwsSchemaValidator } from '../../../src-main/sim/schema/ews-schema-validator.js';

/** A fixed "now": Tuesday 10 June 2025, 17:07 UTC (10:07 in Pacific daylight time). */
export const NOW = new Date('2025-06-10T17:07:00Z');
export const ALEX = 'alex@beacon.test';
export const NESTOR = 'nestor@beacon.test';

let validator: EwsSchemaValidator | undefined;
export function schemaValidator(): EwsSchemaValidator {
  validator ??= EwsSchemaValidator.load();
  return validator;
}

export function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ now: () => NOW, ...options });
}

export const NS_DECL =
  'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';

export function envelope(body: string, version = 'Exchange2013_SP1'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope ${NS_DECL}>
  <soap:Header><t:RequestServerVersion Version="${version}"/></soap:Header>
  <soap:Body>${body}</soap:Body>
</soap:Envelope>`;
}

export function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

export function bearerFor(sim: RunningSimulator, email = ALEX): string {
  const user = sim.users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return `Bearer ${user.token}`;
}

export interface SoapResult {
  status: number;
  headers: Headers;
  xml: string;
  /** The first element inside soap:Body (the operation response or the Fault). */
  body: XmlObject;
}

/**
 * POSTs a SOAP body as `user` (Bearer). Every HTTP 200 answer is checked against messages.xsd:
 * the simulator must never send a response the schema rejects.
 */
export async function ews(
  sim: RunningSimulator,
  body: string,
  options: { user?: string; authorization?: string | null; raw?: string } = {},
): Promise<SoapResult> {
  const headers: Record<string, string> = { 'Content-Type': 'text/xml; charset=utf-8' };
  const authorization =
    options.authorization === undefined
      ? bearerFor(sim, options.user ?? ALEX)
      : options.authorization;
  if (authorization !== null) headers.Authorization = authorization;
  const response = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers,
    body: options.raw ?? envelope(body),
  });
  const xml = await response.text();
  let payload: XmlObject = {};
  if ((response.headers.get('content-type') ?? '').startsWith('text/xml')) {
    const tree = parseXml(xml);
    const soapBody = child(child(tree, 'Envelope'), 'Body');
    const first = isObject(soapBody)
      ? Object.keys(soapBody).find((k) => !k.startsWith('@'))
      : undefined;
    const node = first === undefined ? undefined : child(soapBody, first);
    payload = isObject(node) ? { [first ?? '']: node } : {};
    if (response.status === 200) {
      const result = schemaValidator().validateEnvelope(xml);
      expect(result, `response to ${first ?? '?'} must validate against messages.xsd`).toEqual({
        valid: true,
      });
    }
  }
  return { status: response.status, headers: response.headers, xml, body: payload };
}

/** The operation response element (e.g. GetItemResponse) of a result. */
export function responseOf(result: SoapResult, name: string): XmlObject {
  const node = child(result.body, name);
  if (!isObject(node)) throw new Error(`no ${name} in: ${result.xml.slice(0, 500)}`);
  return node;
}

/** All response messages of an operation response (ResponseMessages children). */
export function messagesOf(result: SoapResult, name: string): XmlObject[] {
  const container = child(responseOf(result, name), 'ResponseMessages');
  if (!isObject(container)) return [];
  return Object.entries(container)
    .filter(([k]) => !k.startsWith('@') && k !== '#text')
    .flatMap(([, v]) => (Array.isArray(v) ? v : v === undefined ? [] : [v]))
    .filter(isObject);
}

export function only<T>(list: readonly T[]): T {
  expect(list).toHaveLength(1);
  const [first] = list;
  if (first === undefined) throw new Error('empty');
  return first;
}

export function at(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let current = node;
  for (const name of path) current = child(current, name);
  return current;
}

export function textAt(node: XmlNode | undefined, ...path: string[]): string | undefined {
  const found = at(node, ...path);
  return found === undefined ? undefined : text(found);
}

export { attr, child, children, text };

export interface AdminResult<T = unknown> {
  status: number;
  json: T;
}

export async function admin<T = unknown>(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<AdminResult<T>> {
  const init: RequestInit = { method, headers: { 'Content-Type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${sim.adminUrl}${path}`, init);
  return { status: response.status, json: (await response.json()) as T };
}

export async function reset(sim: RunningSimulator, seed: 'demo' | 'empty' = 'demo'): Promise<void> {
  const result = await admin(sim, 'POST', '/reset', { seed });
  expect(result.status).toBe(200);
}

/** A FindItem CalendarView request body. */
export function calendarView(
  start: string,
  end: string,
  fields: readonly string[],
  options: { max?: number; mailbox?: string } = {},
): string {
  const props = fields.map((f) => `<t:FieldURI FieldURI="${f}"/>`).join('');
  const max = options.max === undefined ? '' : ` MaxEntriesReturned="${options.max}"`;
  const mailbox =
    options.mailbox === undefined
      ? ''
      : `<t:Mailbox><t:EmailAddress>${options.mailbox}</t:EmailAddress></t:Mailbox>`;
  return `<m:FindItem Traversal="Shallow">
  <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>${props ? `<t:AdditionalProperties>${props}</t:AdditionalProperties>` : ''}</m:ItemShape>
  <m:CalendarView${max} StartDate="${start}" EndDate="${end}"/>
  <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar">${mailbox}</t:DistinguishedFolderId></m:ParentFolderIds>
</m:FindItem>`;
}

/** The t:CalendarItem elements of a FindItem response's first message. */
export function calendarItems(result: SoapResult): XmlObject[] {
  const message = only(messagesOf(result, 'FindItemResponse'));
  return children(at(message, 'RootFolder', 'Items'), 'CalendarItem').filter(isObject);
}

export const PACIFIC_TZ = `<t:TimeZone>
  <t:Bias>480</t:Bias>
  <t:StandardTime><t:Bias>0</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>1</t:DayOrder><t:Month>11</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>
  <t:DaylightTime><t:Bias>-60</t:Bias><t:Time>02:00:00</t:Time><t:DayOrder>2</t:DayOrder><t:Month>3</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime>
</t:TimeZone>`;

export const UTC_TZ = `<t:TimeZone>
  <t:Bias>0</t:Bias>
  <t:StandardTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:StandardTime>
  <t:DaylightTime><t:Bias>0</t:Bias><t:Time>00:00:00</t:Time><t:DayOrder>0</t:DayOrder><t:Month>0</t:Month><t:DayOfWeek>Sunday</t:DayOfWeek></t:DaylightTime>
</t:TimeZone>`;

export function availabilityRequest(
  addresses: readonly string[],
  start: string,
  end: string,
  view: string,
  options: { timeZone?: string; interval?: number } = {},
): string {
  const mailboxes = addresses
    .map(
      (a) =>
        `<t:MailboxData><t:Email><t:Address>${a}</t:Address></t:Email><t:AttendeeType>Required</t:AttendeeType><t:ExcludeConflicts>false</t:ExcludeConflicts></t:MailboxData>`,
    )
    .join('');
  return `<m:GetUserAvailabilityRequest>
  ${options.timeZone ?? PACIFIC_TZ}
  <m:MailboxDataArray>${mailboxes}</m:MailboxDataArray>
  <t:FreeBusyViewOptions>
    <t:TimeWindow><t:StartTime>${start}</t:StartTime><t:EndTime>${end}</t:EndTime></t:TimeWindow>
    <t:MergedFreeBusyIntervalInMinutes>${options.interval ?? 30}</t:MergedFreeBusyIntervalInMinutes>
    <t:RequestedView>${view}</t:RequestedView>
  </t:FreeBusyViewOptions>
</m:GetUserAvailabilityRequest>`;
}

/**
 * One simulator for the whole test file, reset to the demo seed before each test. The returned
 * handle's `sim` is set once `beforeAll` has run.
 */
export function useTestSimulator(): { sim: RunningSimulator } {
  const handle = {} as { sim: RunningSimulator };
  beforeAll(async () => {
    handle.sim = await startTestSimulator();
  });
  afterAll(async () => {
    await handle.sim.close();
  });
  beforeEach(async () => {
    await reset(handle.sim, 'demo');
  });
  return handle;
}
