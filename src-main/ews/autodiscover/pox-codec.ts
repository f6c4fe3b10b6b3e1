/**
 * The POX ("plain old XML") Autodiscover codec: the request Outlook sends and the three kinds of
 * answer (settings, redirectAddr, redirectUrl) plus the error answer. Pure: strings in, values out.
 *
 * Elements are matched by local name only (parseXml drops prefixes and ignores namespaces).
 * That is deliberate: Microsoft's documentation writes the response namespaces as
 * `https://schemas.microsoft.com/...` where servers send `http://...`, and we accept both.
 */
import { DecodeError } from '../errors.js';
import { el, textEl } from '../xml/build.js';
import {
  attr,
  child,
  childText,
  children,
  parseXml,
  requireChild,
  type XmlNode,
} from '../xml/parse.js';

export const POX_REQUEST_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
export const POX_RESPONSE_SCHEMA =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

/** The POX request body for one address. */
export function buildPoxRequest(email: string): string {
  const body = el('Autodiscover', { xmlns: POX_REQUEST_NS }, [
    el('Request', undefined, [
      textEl('EMailAddress', email),
      textEl('AcceptableResponseSchema', POX_RESPONSE_SCHEMA),
    ]),
  ]);
  return `<?xml version="1.0" encoding="utf-8"?>${body.xml}`;
}

/** One `<Protocol>` of a settings answer, with the nested protocols of a WEB entry. */
export interface PoxProtocol {
  /** EXCH (internal), EXPR (Outlook Anywhere / external), WEB, or a newer type. */
  type: string;
  server: string | undefined;
  ewsUrl: string | undefined;
  /** The Availability service URL; Exchange serves it from the EWS endpoint. */
  asUrl: string | undefined;
  /** For WEB: the protocols listed under `<Internal>` and `<External>`. */
  internal: PoxProtocol[];
  external: PoxProtocol[];
}

export interface PoxUser {
  displayName: string | undefined;
  legacyDn: string | undefined;
  smtpAddress: string | undefined;
  deploymentId: string | undefined;
}

export type PoxAnswer =
  | { kind: 'settings'; user: PoxUser; protocols: PoxProtocol[] }
  | { kind: 'redirectAddr'; email: string }
  | { kind: 'redirectUrl'; url: string }
  | { kind: 'error'; code: string; message: string };

const ROOT = 'Autodiscover';

/** Decodes a POX answer. Anything that is not a recognisable answer is a DecodeError. */
export function decodePoxResponse(xml: string): PoxAnswer {
  const root = requireChild(parseXml(xml), ROOT, '');
  const response = requireChild(root, 'Response', ROOT);
  const path = `${ROOT}/Response`;

  const error = child(response, 'Error');
  if (error !== undefined) return decodeError(error);

  const account = requireChild(response, 'Account', path);
  const accountError = child(account, 'Error');
  if (accountError !== undefined) return decodeError(accountError);

  const action = (childText(account, 'Action') ?? '').toLowerCase();
  switch (action) {
    case 'redirectaddr': {
      const email = childText(account, 'RedirectAddr');
      if (!email)
        throw new DecodeError('redirectAddr answer without RedirectAddr', `${path}/Account`);
      return { kind: 'redirectAddr', email };
    }
    case 'redirecturl': {
      const url = childText(account, 'RedirectUrl');
      if (!url) throw new DecodeError('redirectUrl answer without RedirectUrl', `${path}/Account`);
      return { kind: 'redirectUrl', url };
    }
    case 'settings':
    case '': {
      const protocols = children(account, 'Protocol').map(decodeProtocol);
      if (action === '' && protocols.length === 0) {
        throw new DecodeError('Account has neither an Action nor a Protocol', `${path}/Account`);
      }
      return { kind: 'settings', user: decodeUser(child(response, 'User')), protocols };
    }
    default:
      throw new DecodeError(`Unknown Autodiscover Action "${action}"`, `${path}/Account/Action`);
  }
}

function decodeError(error: XmlNode): PoxAnswer {
  return {
    kind: 'error',
    code: childText(error, 'ErrorCode') ?? '',
    message: childText(error, 'Message') ?? '',
  };
}

function decodeUser(user: XmlNode | undefined): PoxUser {
  return {
    displayName: childText(user, 'DisplayName'),
    legacyDn: childText(user, 'LegacyDN'),
    smtpAddress: childText(user, 'AutoDiscoverSMTPAddress'),
    deploymentId: childText(user, 'DeploymentId'),
  };
}

function decodeProtocol(protocol: XmlNode): PoxProtocol {
  return {
    // Exchange 2013+ may also write the type as an attribute (<Protocol Type="mapiHttp">).
    type: (childText(protocol, 'Type') ?? attr(protocol, 'Type') ?? '').toUpperCase(),
    server: nonEmpty(childText(protocol, 'Server')),
    ewsUrl: nonEmpty(childText(protocol, 'EwsUrl')),
    asUrl: nonEmpty(childText(protocol, 'ASUrl')),
    internal: children(child(protocol, 'Internal'), 'Protocol').map(decodeProtocol),
    external: children(child(protocol, 'External'), 'Protocol').map(decodeProtocol),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export interface EwsUrlChoice {
  url: string;
  /** Which protocol entry it came from, e.g. `EXCH`, `EXPR`, `WEB/External/EXCH`. */
  source: string;
}

/**
 * Every EWS URL a settings answer offers, best first: EXCH, then EXPR, then the EXCH entries
 * under WEB (External before Internal). Within one entry EwsUrl wins over ASUrl; the ASUrl is
 * the same Exchange.asmx endpoint on servers that do not send an EwsUrl (Exchange 2007).
 */
export function ewsUrlChoices(protocols: readonly PoxProtocol[]): EwsUrlChoice[] {
  const out: EwsUrlChoice[] = [];
  const add = (protocol: PoxProtocol, source: string): void => {
    const url = protocol.ewsUrl ?? protocol.asUrl;
    if (url !== undefined && !out.some((c) => c.url === url)) out.push({ url, source });
  };
  for (const type of ['EXCH', 'EXPR']) {
    for (const p of protocols) if (p.type === type) add(p, type);
  }
  for (const web of protocols) {
    if (web.type !== 'WEB') continue;
    for (const p of web.external) add(p, `WEB/External/${p.type}`);
    for (const p of web.internal) add(p, `WEB/Internal/${p.type}`);
  }
  return out;
}
