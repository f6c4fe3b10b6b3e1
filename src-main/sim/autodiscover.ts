/**
 * Autodiscover as Microsoft 365 answers it: the v2 JSON endpoint (anonymous) and the POX
 * endpoint (authenticated, Outlook request/response schemas).
 */
import { el, textEl } from '../ews/xml/build.js';
import { child, childText, parseXml } from '../ews/xml/parse.js';
import type { Mailbox } from './model.js';

export const POX_REQUEST_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
export const POX_RESPONSE_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
export const POX_OUTLOOK_RESPONSE_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

export interface JsonReply {
  status: number;
  body: unknown;
}

/** GET /autodiscover/autodiscover.json/v1.0/{email}?Protocol=EWS */
export function autodiscoverJson(protocol: string | null, ewsUrl: string): JsonReply {
  if (protocol === null || protocol.toLowerCase() !== 'ews') {
    return {
      status: 400,
      body: {
        ErrorCode: 'InvalidProtocol',
        ErrorMessage: `The given protocol value '${protocol ?? ''}' is invalid. Supported values are 'Rest, ActiveSync, Ews'.`,
      },
    };
  }
  return { status: 200, body: { Protocol: 'EWS', Url: ewsUrl } };
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

function poxError(code: string, message: string): string {
  const error = el('Error', { Time: new Date().toISOString().slice(11, 23), Id: '2915475382' }, [
    textEl('ErrorCode', code),
    textEl('Message', message),
    el('DebugData'),
  ]);
  return `${XML_DECLARATION}${el('Autodiscover', { xmlns: POX_RESPONSE_NS }, el('Response', undefined, error)).xml}`;
}

/** The requested address of a POX request, or an error document for an invalid request. */
export function readPoxRequest(xml: string): { email: string } | { error: string } {
  try {
    const tree = parseXml(xml);
    const email = childText(child(child(tree, 'Autodiscover'), 'Request'), 'EMailAddress');
    if (email === undefined || email === '' || !xml.includes(POX_REQUEST_NS)) {
      return { error: poxError('600', 'Invalid Request') };
    }
    return { email };
  } catch {
    return { error: poxError('600', 'Invalid Request') };
  }
}

/** POST /autodiscover/autodiscover.xml answer for a known mailbox (or error 500). */
export function poxResponse(
  mailbox: Mailbox | undefined,
  email: string,
  ewsUrl: string,
  host: string,
): string {
  if (!mailbox) return poxError('500', `The email address can't be found. (${email})`);
  const protocol = (type: string): ReturnType<typeof el> =>
    el('Protocol', undefined, [
      textEl('Type', type),
      textEl('Server', host),
      textEl('ASUrl', ewsUrl),
      textEl('EwsUrl', ewsUrl),
      textEl('OOFUrl', ewsUrl),
    ]);
  const response = el('Response', { xmlns: POX_OUTLOOK_RESPONSE_NS }, [
    el('User', undefined, [
      textEl('DisplayName', mailbox.displayName),
      textEl('AutoDiscoverSMTPAddress', mailbox.email),
    ]),
    el('Account', undefined, [
      textEl('AccountType', 'email'),
      textEl('Action', 'settings'),
      protocol('EXCH'),
      protocol('EXPR'),
    ]),
  ]);
  return `${XML_DECLARATION}${el('Autodiscover', { xmlns: POX_RESPONSE_NS }, response).xml}`;
}
