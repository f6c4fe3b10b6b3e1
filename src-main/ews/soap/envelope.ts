import { DecodeError, ServerBusyError, SoapFaultError } from '../errors.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import {
  attr,
  child,
  children,
  isObject,
  parseXml,
  requireChild,
  text,
  type XmlNode,
  type XmlObject,
} from '../xml/parse.js';
import { DEFAULT_VERSION, NS, type ExchangeVersion } from './namespaces.js';

export interface RequestHeader {
  version?: ExchangeVersion;
  /** App-only access acting as this mailbox (ExchangeImpersonation by SMTP address). */
  impersonateSmtp?: string;
  /** Windows time-zone id for TimeZoneContext, e.g. "W. Europe Standard Time". */
  timeZoneId?: string;
}

/** Wraps a request body (an `m:` element) in a SOAP 1.1 envelope with the EWS headers. */
export function buildEnvelope(body: XmlFragment, header: RequestHeader = {}): string {
  const headerParts = [
    el('t:RequestServerVersion', { Version: header.version ?? DEFAULT_VERSION }),
    header.impersonateSmtp !== undefined
      ? el(
          't:ExchangeImpersonation',
          undefined,
          el('t:ConnectingSID', undefined, textEl('t:SmtpAddress', header.impersonateSmtp)),
        )
      : undefined,
    header.timeZoneId !== undefined
      ? el('t:TimeZoneContext', undefined, el('t:TimeZoneDefinition', { Id: header.timeZoneId }))
      : undefined,
  ];
  const envelope = el(
    'soap:Envelope',
    { 'xmlns:soap': NS.soap, 'xmlns:m': NS.messages, 'xmlns:t': NS.types },
    [el('soap:Header', undefined, headerParts), el('soap:Body', undefined, body)],
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n${envelope.xml}`;
}

export interface ServerVersionInfo {
  majorVersion: number;
  minorVersion: number;
  majorBuildNumber: number;
  minorBuildNumber: number;
  version?: string;
}

export interface DecodedEnvelope {
  body: XmlObject;
  serverVersion?: ServerVersionInfo;
}

/**
 * Parses a SOAP envelope, matching Envelope/Header/Body by local name whatever the prefix or
 * namespace (Microsoft's docs often write `https://` for the envelope namespace; we accept it,
 * because the local structure is unambiguous and real servers never send it). A Fault body
 * becomes a SoapFaultError, or a ServerBusyError when the fault detail says ErrorServerBusy.
 */
export function readEnvelope(xml: string): DecodedEnvelope {
  return envelopeFromTree(parseXml(xml));
}

/** `readEnvelope` for a document already parsed (or built from a stream) into a tree. */
export function envelopeFromTree(root: XmlObject): DecodedEnvelope {
  const envelope = child(root, 'Envelope');
  if (!isObject(envelope)) throw new DecodeError('Not a SOAP envelope', 'Envelope');
  const body = child(envelope, 'Body');
  if (!isObject(body)) throw new DecodeError('The SOAP envelope has no Body', 'Envelope/Body');
  const fault = child(body, 'Fault');
  if (fault !== undefined) throw faultError(fault);
  const decoded: DecodedEnvelope = { body };
  const info = child(child(envelope, 'Header'), 'ServerVersionInfo');
  if (info !== undefined) decoded.serverVersion = serverVersionInfo(info);
  return decoded;
}

function serverVersionInfo(node: XmlNode): ServerVersionInfo {
  const num = (name: string): number => Number.parseInt(attr(node, name) ?? '0', 10) || 0;
  const info: ServerVersionInfo = {
    majorVersion: num('MajorVersion'),
    minorVersion: num('MinorVersion'),
    majorBuildNumber: num('MajorBuildNumber'),
    minorBuildNumber: num('MinorBuildNumber'),
  };
  const version = attr(node, 'Version');
  if (version !== undefined) info.version = version;
  return info;
}

function faultError(fault: XmlNode): SoapFaultError | ServerBusyError {
  const faultCode = text(child(fault, 'faultcode')).trim();
  const faultString = text(child(fault, 'faultstring')).trim();
  const detail = child(fault, 'detail');
  const code = child(detail, 'ResponseCode');
  const responseCode = code === undefined ? undefined : text(code).trim();
  const messageXml = readMessageXml(child(detail, 'MessageXml'));
  if (responseCode === 'ErrorServerBusy' || faultCode.endsWith(':ErrorServerBusy')) {
    return new ServerBusyError(faultString, messageXml, backOffFrom(messageXml));
  }
  return new SoapFaultError(faultCode, faultString, responseCode, messageXml);
}

/**
 * MessageXml carries name/value pairs (`<t:Value Name="BackOffMilliseconds">`) and, for schema
 * faults, plain elements (LineNumber, Violation). Both end up in one flat record.
 */
export function readMessageXml(node: XmlNode | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  if (!isObject(node)) return values;
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@') || name === '#text' || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const key = name === 'Value' ? attr(item, 'Name') : name;
      if (key !== undefined) values[key] = text(item).trim() || firstAttribute(item);
    }
  }
  return values;
}

/** `<t:FieldURI FieldURI="x"/>` carries its value in an attribute. */
function firstAttribute(node: XmlNode): string {
  if (!isObject(node)) return '';
  for (const [name, value] of Object.entries(node)) {
    if (name.startsWith('@') && typeof value === 'string') return value;
  }
  return '';
}

export function backOffFrom(messageXml: Readonly<Record<string, string>>): number | undefined {
  const raw = messageXml.BackOffMilliseconds;
  if (raw === undefined) return undefined;
  const ms = Number.parseInt(raw, 10);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** The operation's response element (e.g. `GetUserOofSettingsResponse`); missing is a DecodeError. */
export function operationResponse(body: XmlObject, name: string): XmlObject {
  const found = requireChild(body, name, 'Envelope/Body');
  if (!isObject(found)) throw new DecodeError(`Empty ${name}`, `Envelope/Body/${name}`);
  return found;
}

/** `ResponseMessages` children of an operation response, whatever their element name. */
export function responseMessages(response: XmlObject, path: string): XmlNode[] {
  const container = requireChild(response, 'ResponseMessages', path);
  if (!isObject(container))
    throw new DecodeError('Empty ResponseMessages', `${path}/ResponseMessages`);
  const messages: XmlNode[] = [];
  for (const [name, value] of Object.entries(container)) {
    if (name.startsWith('@') || name === '#text' || value === undefined) continue;
    messages.push(...(Array.isArray(value) ? value : [value]));
  }
  return messages;
}

export { children };
