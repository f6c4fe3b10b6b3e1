/**
 * The simulator's SOAP output, shaped like Exchange Online's: `s:` envelope, ServerVersionInfo
 * header, `m:`/`t:` prefixes, and HTTP 500 faults with an `e:` detail.
 */
import { NS } from '../ews/soap/namespaces.js';
import { el, textEl, type Content, type XmlFragment } from '../ews/xml/build.js';

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';

/** Exchange Online's build numbers (15.20.x, schema V2018_01_08). */
export const SERVER_VERSION = {
  MajorVersion: 15,
  MinorVersion: 20,
  MajorBuildNumber: 8769,
  MinorBuildNumber: 21,
  Version: 'V2018_01_08',
} as const;

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** A successful (HTTP 200) response envelope around an `m:` response element. */
export function responseEnvelope(body: XmlFragment): string {
  const header = el(
    's:Header',
    undefined,
    el('h:ServerVersionInfo', {
      ...SERVER_VERSION,
      'xmlns:h': NS.types,
      xmlns: NS.types,
      'xmlns:xsd': XSD_NS,
      'xmlns:xsi': NS.xsi,
    }),
  );
  const envelope = el('s:Envelope', { 'xmlns:s': NS.soap }, [
    header,
    el('s:Body', { 'xmlns:xsi': NS.xsi, 'xmlns:xsd': XSD_NS }, body),
  ]);
  return `${XML_DECLARATION}${envelope.xml}`;
}

/** The operation's response element, declaring the `m:` and `t:` prefixes. */
export function operationElement(
  name: string,
  attrs: Record<string, string>,
  content: Content,
): XmlFragment {
  return el(`m:${name}`, { 'xmlns:m': NS.messages, 'xmlns:t': NS.types, ...attrs }, content);
}

export type ResponseClass = 'Success' | 'Warning' | 'Error';

/** The ResponseMessageType head: MessageText (errors), ResponseCode, DescriptiveLinkKey. */
export function responseHead(
  cls: ResponseClass,
  code: string,
  messageText?: string,
): XmlFragment[] {
  if (cls === 'Success') return [textEl('m:ResponseCode', code)];
  return [
    textEl('m:MessageText', messageText ?? code),
    textEl('m:ResponseCode', code),
    textEl('m:DescriptiveLinkKey', 0),
  ];
}

/** A response message element (`m:GetItemResponseMessage` ...). */
export function responseMessage(
  name: string,
  cls: ResponseClass,
  code: string,
  content: readonly (XmlFragment | undefined)[] = [],
  messageText?: string,
): XmlFragment {
  return el(`m:${name}`, { ResponseClass: cls }, [
    ...responseHead(cls, code, messageText),
    ...content,
  ]);
}

/** An error raised by an operation that Exchange reports as a SOAP fault (HTTP 500). */
export class SoapFault extends Error {
  constructor(
    readonly responseCode: string,
    readonly faultString: string,
    readonly messageXml: readonly XmlFragment[] = [],
    /** The detail's e:Message when it differs from the fault string. */
    readonly detailMessage?: string,
  ) {
    super(faultString);
  }
}

/** A fault envelope as Exchange writes it (no header; `a:` fault code; `e:` detail). */
export function faultEnvelope(fault: SoapFault): string {
  const faultCode = `a:${fault.responseCode}`;
  const detail = [
    textEl('e:ResponseCode', fault.responseCode, { 'xmlns:e': NS.errors }),
    textEl('e:Message', fault.detailMessage ?? fault.faultString, { 'xmlns:e': NS.errors }),
    fault.messageXml.length > 0
      ? el('t:MessageXml', { 'xmlns:t': NS.types }, fault.messageXml)
      : undefined,
  ];
  const envelope = el('s:Envelope', { 'xmlns:s': NS.soap }, [
    el(
      's:Body',
      undefined,
      el('s:Fault', undefined, [
        textEl('faultcode', faultCode, { 'xmlns:a': NS.types }),
        textEl('faultstring', fault.faultString, { 'xml:lang': 'en-US' }),
        el('detail', undefined, detail),
      ]),
    ),
  ]);
  return `${XML_DECLARATION}${envelope.xml}`;
}

export function schemaValidationFault(
  line: number,
  position: number,
  violation: string,
): SoapFault {
  return new SoapFault(
    'ErrorSchemaValidation',
    `The request failed schema validation: ${violation}`,
    [
      textEl('t:LineNumber', line),
      textEl('t:LinePosition', position),
      textEl('t:Violation', violation),
    ],
    'The request failed schema validation.',
  );
}

/** How Exchange Online throttles: ErrorServerBusy with the back-off the client must honour. */
export function serverBusyFault(backOffMs: number): SoapFault {
  return new SoapFault(
    'ErrorServerBusy',
    'The server cannot service this request right now. Try again later.',
    [textEl('t:Value', backOffMs, { Name: 'BackOffMilliseconds' })],
  );
}

export function internalServerErrorFault(): SoapFault {
  return new SoapFault(
    'ErrorInternalServerError',
    'An internal server error occurred. The operation failed.',
  );
}

/** A TimeZoneContext whose Id is not a Windows time-zone id Exchange knows. */
export function unknownTimeZoneFault(): SoapFault {
  return new SoapFault('ErrorTimeZone', "The specified time zone isn't valid.");
}
