/**
 * EWS speaks SOAP 1.1 only. Exchange's WCF endpoint refuses SOAP 1.2 the way WCF does: the
 * SOAP 1.2 content type (application/soap+xml) with HTTP 415 and the reason in the status line,
 * and a SOAP 1.2 envelope sent as text/xml with HTTP 500 and a SOAP 1.1 VersionMismatch fault.
 * An oversized request gets HTTP 413 and ErrorRequestStreamTooBig.
 */
import { NS } from '../ews/soap/namespaces.js';
import { el, textEl } from '../ews/xml/build.js';
import { faultEnvelope, SoapFault } from './soap.js';

export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const EXPECTED_TYPE = 'text/xml; charset=utf-8';

export interface Refusal {
  status: number;
  statusText?: string;
  headers: Record<string, string>;
  body: string;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The namespace of the request's root element, read from its start tag. */
function envelopeNamespace(xml: string): string | undefined {
  const tag = /<(?:([A-Za-z_][\w.-]*):)?Envelope\b([^>]*)>/.exec(xml);
  if (!tag) return undefined;
  const prefix = tag[1];
  const attribute = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const found = new RegExp(`\\s${attribute}\\s*=\\s*["']([^"']*)["']`).exec(tag[2] ?? '');
  return found?.[1];
}

export function soapVersionRefusal(
  contentType: string | string[] | undefined,
  xml: string,
): Refusal | undefined {
  const type = header(contentType) ?? '';
  if (/^\s*application\/soap\+xml\b/i.test(type)) {
    return {
      status: 415,
      statusText: `Cannot process the message because the content type '${type}' was not the expected type '${EXPECTED_TYPE}'.`,
      headers: {},
      body: '',
    };
  }
  if (envelopeNamespace(xml) === SOAP12_NS) {
    const envelope = el('s:Envelope', { 'xmlns:s': NS.soap }, [
      el(
        's:Body',
        undefined,
        el('s:Fault', undefined, [
          textEl('faultcode', 's:VersionMismatch'),
          textEl(
            'faultstring',
            `The envelope version of the incoming message (Soap12 (${SOAP12_NS})) does not match that of the encoder (Soap11 (${NS.soap})). Make sure the binding is configured with the same version as the expected messages.`,
            { 'xml:lang': 'en-US' },
          ),
        ]),
      ),
    ]);
    return {
      status: 500,
      headers: { 'Content-Type': EXPECTED_TYPE },
      body: `<?xml version="1.0" encoding="utf-8"?>${envelope.xml}`,
    };
  }
  return undefined;
}

/** A request body over the simulator's limit: HTTP 413 with ErrorRequestStreamTooBig. */
export function requestTooLarge(): Refusal {
  return {
    status: 413,
    headers: { 'Content-Type': EXPECTED_TYPE, Connection: 'close' },
    body: faultEnvelope(
      new SoapFault('ErrorRequestStreamTooBig', 'The request stream is larger than allowed.'),
    ),
  };
}
