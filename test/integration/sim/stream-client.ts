/**
 * Test helpers for the simulator's notifications: raw Subscribe / GetEvents / GetStreamingEvents
 * requests, and a GetStreamingEvents reader over a real socket that splits the chunked response
 * into its SOAP envelopes and checks each one against messages.xsd.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import {
  child,
  children,
  isObject,
  parseXml,
  type XmlObject,
} from '../../../src-main/ews/xml/parse.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import {
  ALEX,
  attr,
  bearerFor,
  envelope,
  ews,
  messagesOf,
  only,
  schemaValidator,
  textAt,
  type SoapResult,
} from './support.js';

export function subscribeBody(
  kind: 'pull' | 'streaming',
  folders: readonly string[],
  eventTypes: readonly string[] = [
    'CreatedEvent',
    'DeletedEvent',
    'ModifiedEvent',
    'MovedEvent',
    'NewMailEvent',
    'FreeBusyChangedEvent',
  ],
  options: { timeout?: number; watermark?: string } = {},
): string {
  const element = kind === 'pull' ? 'PullSubscriptionRequest' : 'StreamingSubscriptionRequest';
  const ids = folders.map((f) => `<t:DistinguishedFolderId Id="${f}"/>`).join('');
  const types = eventTypes.map((t) => `<t:EventType>${t}</t:EventType>`).join('');
  const watermark =
    options.watermark === undefined ? '' : `<t:Watermark>${options.watermark}</t:Watermark>`;
  const timeout = kind === 'pull' ? `<t:Timeout>${options.timeout ?? 10}</t:Timeout>` : '';
  return `<m:Subscribe><m:${element}><t:FolderIds>${ids}</t:FolderIds><t:EventTypes>${types}</t:EventTypes>${watermark}${timeout}</m:${element}></m:Subscribe>`;
}

export interface Subscribed {
  id: string;
  watermark: string | undefined;
  result: SoapResult;
  cookie: string | undefined;
}

/** Subscribes with raw SOAP; fails the test unless Exchange would say NoError. */
export async function subscribe(
  sim: RunningSimulator,
  kind: 'pull' | 'streaming',
  folders: readonly string[],
  options: { user?: string; timeout?: number; eventTypes?: string[]; affinity?: boolean } = {},
): Promise<Subscribed> {
  const result = await post(sim, subscribeBody(kind, folders, options.eventTypes, options), {
    user: options.user,
    headers: options.affinity
      ? { 'X-AnchorMailbox': options.user ?? ALEX, 'X-PreferServerAffinity': 'true' }
      : {},
  });
  const message = only(messagesOf(result, 'SubscribeResponse'));
  expect(textAt(message, 'ResponseCode')).toBe('NoError');
  const cookie = /X-BackEndOverrideCookie=([^;]+)/.exec(
    result.headers.get('set-cookie') ?? '',
  )?.[1];
  return {
    id: textAt(message, 'SubscriptionId') ?? '',
    watermark: textAt(message, 'Watermark'),
    result,
    cookie,
  };
}

/** A SOAP POST like support.ews, with extra headers (affinity, cookies). */
export async function post(
  sim: RunningSimulator,
  body: string,
  options: { user?: string | undefined; headers?: Record<string, string> } = {},
): Promise<SoapResult> {
  if (options.headers === undefined || Object.keys(options.headers).length === 0) {
    return ews(sim, body, options.user === undefined ? {} : { user: options.user });
  }
  const response = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      Authorization: bearerFor(sim, options.user ?? ALEX),
      ...options.headers,
    },
    body: envelope(body),
  });
  const xml = await response.text();
  expect(schemaValidator().validateEnvelope(xml)).toEqual({ valid: true });
  const soapBody = child(child(parseXml(xml), 'Envelope'), 'Body');
  const first = isObject(soapBody)
    ? Object.keys(soapBody).find((k) => !k.startsWith('@'))
    : undefined;
  const node = first === undefined ? undefined : child(soapBody, first);
  return {
    status: response.status,
    headers: response.headers,
    xml,
    body: isObject(node) && first !== undefined ? { [first]: node } : {},
  };
}

export function getEventsBody(id: string, watermark: string): string {
  return `<m:GetEvents><m:SubscriptionId>${id}</m:SubscriptionId><m:Watermark>${watermark}</m:Watermark></m:GetEvents>`;
}

export function streamingBody(ids: readonly string[], minutes: number): string {
  const list = ids.map((id) => `<t:SubscriptionId>${id}</t:SubscriptionId>`).join('');
  return `<m:GetStreamingEvents><m:SubscriptionIds>${list}</m:SubscriptionIds><m:ConnectionTimeout>${minutes}</m:ConnectionTimeout></m:GetStreamingEvents>`;
}

export interface EventSeen {
  type: string;
  itemId: string | undefined;
  folderId: string | undefined;
  parentFolderId: string | undefined;
  oldParentFolderId: string | undefined;
  watermark: string | undefined;
}

const EVENT_NAMES = [
  'CopiedEvent',
  'CreatedEvent',
  'DeletedEvent',
  'ModifiedEvent',
  'MovedEvent',
  'NewMailEvent',
  'StatusEvent',
  'FreeBusyChangedEvent',
];

/** The events of a t:Notification (in document order per kind; kinds in schema-list order). */
export function eventsOf(notification: XmlObject | undefined): EventSeen[] {
  const out: EventSeen[] = [];
  for (const type of EVENT_NAMES) {
    for (const e of children(notification, type)) {
      out.push({
        type,
        itemId: attr(child(e, 'ItemId'), 'Id'),
        folderId: attr(child(e, 'FolderId'), 'Id'),
        parentFolderId: attr(child(e, 'ParentFolderId'), 'Id'),
        oldParentFolderId: attr(child(e, 'OldParentFolderId'), 'Id'),
        watermark: textAt(e, 'Watermark'),
      });
    }
  }
  return out;
}

export interface StreamEnvelope {
  xml: string;
  responseClass: string | undefined;
  code: string | undefined;
  status: string | undefined;
  /** Per t:Notification: its subscription and events. */
  notifications: { subscriptionId: string | undefined; events: EventSeen[] }[];
}

function readEnvelope(xml: string): StreamEnvelope {
  const result = schemaValidator().validateEnvelope(xml);
  expect(result, 'every envelope of the stream validates against messages.xsd').toEqual({
    valid: true,
  });
  const body = child(child(parseXml(xml), 'Envelope'), 'Body');
  const message = child(
    child(child(body, 'GetStreamingEventsResponse'), 'ResponseMessages'),
    'GetStreamingEventsResponseMessage',
  );
  return {
    xml,
    responseClass: attr(message, 'ResponseClass'),
    code: textAt(message, 'ResponseCode'),
    status: textAt(message, 'ConnectionStatus'),
    notifications: children(child(message, 'Notifications'), 'Notification')
      .filter(isObject)
      .map((n) => ({ subscriptionId: textAt(n, 'SubscriptionId'), events: eventsOf(n) })),
  };
}

export interface OpenStream {
  status: number;
  headers: IncomingHttpHeaders;
  envelopes: StreamEnvelope[];
  /** Text received after the last whole envelope. */
  rest(): string;
  /** Resolves when the response ends or breaks: how. */
  ended: Promise<'end' | 'aborted'>;
  /** Waits until an envelope satisfies `test` (fails the test after `ms`). */
  waitFor(test: (e: StreamEnvelope) => boolean, ms?: number): Promise<StreamEnvelope>;
  close(): void;
}

const END = /<\/(?:[A-Za-z]+:)?Envelope>/;

/** Opens GetStreamingEvents over a raw socket and reads envelopes as they arrive. */
export function openStream(
  sim: RunningSimulator,
  ids: readonly string[],
  minutes: number,
  options: { user?: string; cookie?: string } = {},
): Promise<OpenStream> {
  const url = new URL(sim.ewsUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      Authorization: bearerFor(sim, options.user ?? ALEX),
      'Content-Type': 'text/xml; charset=utf-8',
    };
    if (options.cookie !== undefined) headers.Cookie = `X-BackEndOverrideCookie=${options.cookie}`;
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
      (res) => {
        let buffer = '';
        const envelopes: StreamEnvelope[] = [];
        const waiters: {
          test: (e: StreamEnvelope) => boolean;
          done: (e: StreamEnvelope) => void;
        }[] = [];
        let resolveEnded: (how: 'end' | 'aborted') => void = () => undefined;
        const ended = new Promise<'end' | 'aborted'>((r) => (resolveEnded = r));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (;;) {
            const match = END.exec(buffer);
            if (!match) break;
            const end = match.index + match[0].length;
            const envelope = readEnvelope(buffer.slice(0, end).trim());
            buffer = buffer.slice(end);
            envelopes.push(envelope);
            for (const w of [...waiters]) {
              if (w.test(envelope)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.done(envelope);
              }
            }
          }
        });
        res.on('end', () => {
          resolveEnded('end');
        });
        res.on('aborted', () => {
          resolveEnded('aborted');
        });
        res.on('error', () => {
          resolveEnded('aborted');
        });
        res.on('close', () => {
          resolveEnded(res.complete ? 'end' : 'aborted');
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          envelopes,
          rest: () => buffer,
          ended,
          waitFor: (test, ms = 5000) => {
            const found = envelopes.find(test);
            if (found) return Promise.resolve(found);
            return new Promise((done, fail) => {
              const timer = setTimeout(() => {
                fail(new Error(`no such envelope within ${ms} ms; got ${envelopes.length}`));
              }, ms);
              waiters.push({
                test,
                done: (e) => {
                  clearTimeout(timer);
                  done(e);
                },
              });
            });
          },
          close: () => {
            req.destroy();
          },
        });
      },
    );
    req.on('error', (error) => {
      reject(error);
    });
    req.end(envelope(streamingBody(ids, minutes)));
  });
}

/** The events (of all notifications) in an envelope. */
export function eventsIn(e: StreamEnvelope): EventSeen[] {
  return e.notifications.flatMap((n) => n.events);
}
