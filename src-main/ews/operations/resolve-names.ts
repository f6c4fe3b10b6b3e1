/**
 * ResolveNames: directory (and contacts) search for adding people. No match is an empty list,
 * several matches (ResponseClass Warning, ErrorNameResolutionMultipleResults) are all returned.
 */
import { DecodeError } from '../errors.js';
import { buildEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import type { EwsTransport } from '../transport/ews-transport.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, children, text, type XmlNode } from '../xml/parse.js';
import { optText, singleMessage, type RequestOptions } from './common.js';

export type ResolveNamesSearchScope =
  'ActiveDirectory' | 'ActiveDirectoryContacts' | 'Contacts' | 'ContactsActiveDirectory';

export interface ResolveNamesArgs extends RequestOptions {
  /** What the user typed: a name, part of one, or an address. */
  query: string;
  /** Default true: include the directory's contact card. */
  returnFullContactData?: boolean;
  /** Default ActiveDirectoryContacts (the schema's default). */
  searchScope?: ResolveNamesSearchScope;
}

export interface ResolvedContact {
  displayName: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  companyName?: string;
  officeLocation?: string;
  /** EmailAddresses entries without their `SMTP:` prefix. */
  emailAddresses: { key: string; address: string }[];
  phoneNumbers: { key: string; number: string }[];
  /** ActiveDirectory or Store. */
  source?: string;
}

export interface ResolvedName {
  name: string;
  email: string;
  routingType: string;
  mailboxType?: string;
  /** A personal contact's id (MailboxType Contact). */
  itemId?: string;
  contact?: ResolvedContact;
}

export function buildResolveNamesRequest(args: ResolveNamesArgs): XmlFragment {
  if (args.query.trim() === '') throw new RangeError('Nothing to resolve');
  return el(
    'm:ResolveNames',
    {
      ReturnFullContactData: args.returnFullContactData ?? true,
      SearchScope: args.searchScope ?? 'ActiveDirectoryContacts',
    },
    textEl('m:UnresolvedEntry', args.query),
  );
}

const PATH = 'Envelope/Body/ResolveNamesResponse/ResponseMessages/ResolveNamesResponseMessage';

export function decodeResolveNamesResponse(env: DecodedEnvelope): ResolvedName[] {
  const message = singleMessage(env, 'ResolveNames');
  const error = responseMessageError(message, PATH);
  if (error) {
    if (error.responseCode === 'ErrorNameResolutionNoResults') return [];
    throw error;
  }
  const set = child(message, 'ResolutionSet');
  if (set === undefined) throw new DecodeError('Missing ResolutionSet', PATH);
  return children(set, 'Resolution').map((r, i) =>
    decodeResolution(r, `${PATH}/ResolutionSet/Resolution[${i + 1}]`),
  );
}

function decodeResolution(node: XmlNode, path: string): ResolvedName {
  const mailbox = child(node, 'Mailbox');
  if (mailbox === undefined) throw new DecodeError('Missing Mailbox', path);
  const resolved: ResolvedName = {
    name: optText(mailbox, 'Name') ?? '',
    email: optText(mailbox, 'EmailAddress') ?? '',
    routingType: optText(mailbox, 'RoutingType') ?? 'SMTP',
  };
  const mailboxType = optText(mailbox, 'MailboxType');
  if (mailboxType !== undefined) resolved.mailboxType = mailboxType;
  const itemId = attr(child(mailbox, 'ItemId'), 'Id');
  if (itemId !== undefined) resolved.itemId = itemId;
  const contact = child(node, 'Contact');
  if (contact !== undefined) resolved.contact = decodeContact(contact, resolved.name);
  return resolved;
}

function decodeContact(node: XmlNode, fallbackName: string): ResolvedContact {
  const contact: ResolvedContact = {
    displayName: optText(node, 'DisplayName') ?? fallbackName,
    emailAddresses: children(child(node, 'EmailAddresses'), 'Entry').map((e) => ({
      key: attr(e, 'Key') ?? '',
      address: text(e)
        .trim()
        .replace(/^smtp:/i, ''),
    })),
    phoneNumbers: children(child(node, 'PhoneNumbers'), 'Entry')
      .map((e) => ({ key: attr(e, 'Key') ?? '', number: text(e).trim() }))
      .filter((p) => p.number !== ''),
  };
  const fields = {
    givenName: 'GivenName',
    surname: 'Surname',
    jobTitle: 'JobTitle',
    department: 'Department',
    companyName: 'CompanyName',
    officeLocation: 'OfficeLocation',
    source: 'ContactSource',
  } as const;
  for (const [key, name] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const value = optText(node, name);
    if (value !== undefined) contact[key] = value;
  }
  return contact;
}

export async function resolveNames(
  transport: EwsTransport,
  args: ResolveNamesArgs,
  signal?: AbortSignal,
): Promise<ResolvedName[]> {
  const envelope = buildEnvelope(buildResolveNamesRequest(args), args.header);
  return await transport.send('ResolveNames', envelope, decodeResolveNamesResponse, signal);
}
