/**
 * POST /EWS/Exchange.asmx: fault injection, authentication, strict schema validation, then the
 * operation. Pure of sockets: takes the request body and headers, returns what to send.
 */
import { STATUS_CODES } from 'node:http';
import { DecodeError } from '../ews/errors.js';
import { attr, child, isObject, parseXml, type XmlObject } from '../ews/xml/parse.js';
import { authenticate } from './auth.js';
import type { FaultSpec } from './faults.js';
import type { MailboxStore } from './model.js';
import type { OperationContext } from './operations/context.js';
import { OPERATIONS, operationName } from './operations/registry.js';
import type { EwsSchemaValidator } from './schema/ews-schema-validator.js';
import { isWindowsZoneId } from './windows-time-zone.js';
import { soapVersionRefusal } from './soap-version.js';
import type { NotificationCenter, StreamPlan } from './subscriptions.js';
import {
  faultEnvelope,
  internalServerErrorFault,
  responseEnvelope,
  schemaValidationFault,
  serverBusyFault,
  SoapFault,
  unknownTimeZoneFault,
} from './soap.js';

export interface EwsReply {
  status: number;
  /** The status line's reason, when it says more than the code's usual one. */
  statusText?: string;
  headers: Record<string, string | string[]>;
  body: string;
  /** The signed-in user, when authentication got that far. */
  user?: string;
  /** GetStreamingEvents: keep the response open as a stream (the body above is not sent). */
  stream?: StreamPlan;
}

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** The local name of the first element in the SOAP Body, or undefined when there is none. */
export function peekOperation(xml: string): { operation: string; tree?: XmlObject } {
  try {
    const tree = parseXml(xml);
    const body = child(child(tree, 'Envelope'), 'Body');
    if (!isObject(body)) return { operation: 'Unknown', tree };
    const first = Object.keys(body).find((k) => !k.startsWith('@') && k !== '#text');
    return { operation: first === undefined ? 'Unknown' : operationName(first), tree };
  } catch (error) {
    if (error instanceof DecodeError) return { operation: 'Unknown' };
    throw error;
  }
}

function soapReply(status: number, body: string, user?: string): EwsReply {
  const reply: EwsReply = { status, headers: { 'Content-Type': XML_CONTENT_TYPE }, body };
  if (user !== undefined) reply.user = user;
  return reply;
}

/** The reply a fault kind that still answers with HTTP produces (delay, truncated... are I/O). */
export function faultReply(fault: FaultSpec): EwsReply | undefined {
  switch (fault.kind) {
    case 'server-busy':
      return soapReply(500, faultEnvelope(serverBusyFault(fault.backOffMs ?? 5000)));
    case 'soap-fault':
      return soapReply(500, faultEnvelope(internalServerErrorFault()));
    case 'unauthorized':
      return unauthorizedReply();
    case 'ews-blocked':
      return ewsBlockedReply(fault.policy ?? EWS_BLOCKED_POLICY);
    case 'status': {
      const status = fault.status ?? 503;
      return {
        status,
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Retry-After': String(fault.retryAfterSeconds ?? 1),
        },
        body: STATUS_CODES[status] ?? 'Service Unavailable',
      };
    }
    case 'malformed':
      return soapReply(
        200,
        '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:Broken xmlns:m="urn:x"><m:A></m:B></s:Body>',
      );
    default:
      return undefined;
  }
}

export function unauthorizedReply(
  challenges: readonly string[] = ['Basic realm="beacon-sim"', 'Bearer'],
): EwsReply {
  return {
    status: 401,
    headers: {
      'WWW-Authenticate': [...challenges],
      'Content-Type': 'text/plain; charset=utf-8',
    },
    body: '401 Unauthorized',
  };
}

/** What Exchange Online names the policy when a tenant blocks EWS for an application. */
export const EWS_BLOCKED_POLICY = 'EwsBlockedByApplicationPolicy';

/**
 * Exchange Online's answer when the tenant blocks EWS (the default since 2026-10-01): HTTP 403
 * whatever the credentials, with the policy named in X-EWS-Policy-Reason.
 */
export function ewsBlockedReply(policy: string): EwsReply {
  return {
    status: 403,
    headers: { 'X-EWS-Policy-Reason': policy, 'Content-Type': 'text/plain; charset=utf-8' },
    body: '403 Forbidden: EWS is blocked for this application by the organization',
  };
}

function linePosition(xml: string, line: number): number {
  if (line <= 0) return 0;
  const text = xml.split('\n')[line - 1] ?? '';
  const at = text.indexOf('<');
  return at < 0 ? 1 : at + 1;
}

export interface EwsRequestContext {
  store: MailboxStore;
  validator: EwsSchemaValidator | undefined;
  now: () => Date;
  authorization: string | undefined;
  /** Who the connection already proved to be (NTLM authenticates connections, not requests). */
  user?: string | undefined;
  /** The 401 challenges (Bearer names the OpenID Connect authority when there is one). */
  challenges?: readonly string[];
  /** Subscriptions and change journals. */
  notifications?: NotificationCenter;
  /** The request's HTTP headers (affinity headers and cookies). */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** An injected fault that the operation acts on (subscription-lost, stream-cut, stream-stall). */
  fault?: FaultSpec;
}

/** Answers one EWS request (faults injected earlier are the caller's business). */
export function answerEws(
  xml: string,
  operation: string,
  tree: XmlObject | undefined,
  context: EwsRequestContext,
): EwsReply {
  const credentials =
    context.user !== undefined
      ? context.store.credentials.find((c) => c.email === context.user)
      : authenticate(context.authorization, context.store.credentials);
  if (!credentials) return unauthorizedReply(context.challenges);
  const user = context.store.find(credentials.email);
  if (!user) return unauthorizedReply(context.challenges);
  const refusal = soapVersionRefusal(context.headers?.['content-type'], xml);
  if (refusal) return { ...refusal, user: user.email };

  if (tree === undefined) {
    return soapReply(
      500,
      faultEnvelope(schemaValidationFault(0, 0, 'The request is not well-formed XML.')),
      user.email,
    );
  }
  if (context.validator) {
    const result = context.validator.validateEnvelope(xml);
    if (!result.valid) {
      const first = result.violations[0];
      const line = first?.line ?? 0;
      return soapReply(
        500,
        faultEnvelope(
          schemaValidationFault(line, linePosition(xml, line), first?.message ?? 'Invalid request'),
        ),
        user.email,
      );
    }
  }
  const handler = OPERATIONS.get(operation);
  const body = child(child(tree, 'Envelope'), 'Body');
  const first = isObject(body)
    ? Object.keys(body).find((k) => !k.startsWith('@') && k !== '#text')
    : undefined;
  const found = first === undefined ? undefined : child(body, first);
  const request = isObject(found) ? found : {};
  if (!handler) {
    return soapReply(
      500,
      faultEnvelope(
        new SoapFault(
          'ErrorInvalidRequest',
          `The request is invalid: the simulator does not implement ${operation}.`,
        ),
      ),
      user.email,
    );
  }
  try {
    const timeZoneId = attr(
      child(
        child(child(child(tree, 'Envelope'), 'Header'), 'TimeZoneContext'),
        'TimeZoneDefinition',
      ),
      'Id',
    );
    // Every operation: a TimeZoneContext naming a zone Exchange does not know is refused.
    if (timeZoneId !== undefined && !isWindowsZoneId(timeZoneId)) throw unknownTimeZoneFault();
    const extra: NonNullable<OperationContext['reply']> = { headers: {} };
    const response = handler(
      {
        store: context.store,
        user,
        now: context.now,
        timeZoneId,
        requestXml: xml,
        notifications: context.notifications,
        headers: context.headers,
        fault: context.fault,
        reply: extra,
      },
      request,
    );
    const reply = soapReply(200, responseEnvelope(response), user.email);
    Object.assign(reply.headers, extra.headers);
    if (extra.stream) reply.stream = extra.stream;
    return reply;
  } catch (error) {
    if (error instanceof SoapFault) return soapReply(500, faultEnvelope(error), user.email);
    throw error;
  }
}
