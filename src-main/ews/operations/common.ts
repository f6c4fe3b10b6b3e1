/**
 * Small pieces every operation module shares: reading typed values out of decoded XML, and the
 * recurring request elements (mailboxes, folder ids, item ids).
 */
import { DecodeError } from '../errors.js';
import { operationResponse, responseMessages, type RequestHeader } from '../soap/envelope.js';
import { el, optTextEl, textEl, type XmlFragment } from '../xml/build.js';
import { attr, child, childText, isObject, type XmlNode, type XmlObject } from '../xml/parse.js';
import type { DecodedEnvelope } from '../soap/envelope.js';

/** Options every operation accepts besides its own arguments. */
export interface RequestOptions {
  /** SOAP header: schema version, impersonation, TimeZoneContext. */
  header?: RequestHeader;
}

/** An item's identity; the change key is what UpdateItem needs to avoid lost updates. */
export interface ItemRef {
  id: string;
  changeKey?: string;
}

export function readBool(
  node: XmlNode | undefined,
  name: string,
  path: string,
): boolean | undefined {
  const raw = childText(node, name);
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new DecodeError(`${name} is not a boolean: "${raw.slice(0, 20)}"`, path);
}

export function readInteger(
  node: XmlNode | undefined,
  name: string,
  path: string,
): number | undefined {
  const raw = childText(node, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^[+-]?\d+$/.test(raw))
    throw new DecodeError(`${name} is not an integer: "${raw.slice(0, 20)}"`, path);
  return Number.parseInt(raw, 10);
}

/** A value that must be one of `allowed`; anything else is a DecodeError. */
export function readEnum<T extends string>(
  node: XmlNode | undefined,
  name: string,
  allowed: readonly T[],
  path: string,
): T | undefined {
  const raw = childText(node, name);
  if (raw === undefined || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw new DecodeError(`Unexpected ${name} "${raw.slice(0, 40)}"`, path);
  return raw as T;
}

/**
 * Like readEnum, but a value this client does not know yet (a newer server's addition) becomes
 * `fallback` instead of failing the whole answer: one odd item must not blank the calendar.
 */
export function readEnumOr<T extends string>(
  node: XmlNode | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T | undefined {
  const raw = childText(node, name);
  if (raw === undefined || raw === '') return undefined;
  return (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** Trimmed text of an optional child; empty elements count as absent. */
export function optText(node: XmlNode | undefined, name: string): string | undefined {
  const value = childText(node, name);
  return value === undefined || value === '' ? undefined : value;
}

export function readItemId(item: XmlNode, path: string): ItemRef {
  const idNode = child(item, 'ItemId');
  const id = attr(idNode, 'Id');
  if (id === undefined || id === '') throw new DecodeError('Missing ItemId/@Id', path);
  const changeKey = attr(idNode, 'ChangeKey');
  return changeKey === undefined ? { id } : { id, changeKey };
}

/** The ResponseMessages of `<Operation>Response`, or a DecodeError when the body is not one. */
export function messagesOf(env: DecodedEnvelope, operation: string): XmlNode[] {
  const name = `${operation}Response`;
  return responseMessages(operationResponse(env.body, name), `Envelope/Body/${name}`);
}

/** Exactly one response message (we always send one item), else a DecodeError. */
export function singleMessage(env: DecodedEnvelope, operation: string): XmlNode {
  const messages = messagesOf(env, operation);
  const [first] = messages;
  if (first === undefined || messages.length !== 1)
    throw new DecodeError(
      `Expected one response message, got ${messages.length}`,
      `Envelope/Body/${operation}Response/ResponseMessages`,
    );
  return first;
}

/** The child elements of an `Items`-like container, each with its local name, in document order. */
export function namedChildren(container: XmlNode | undefined): { name: string; node: XmlObject }[] {
  const out: { name: string; node: XmlObject }[] = [];
  if (!isObject(container)) return out;
  for (const [name, value] of Object.entries(container)) {
    if (name.startsWith('@') || name === '#text' || value === undefined) continue;
    for (const node of Array.isArray(value) ? value : [value]) {
      out.push({ name, node: isObject(node) ? node : {} });
    }
  }
  return out;
}

/** A mailbox as `t:EmailAddress` (Name, Address, RoutingType) — the availability/OOF shape. */
export function emailAddressElement(name: string, address: string, display?: string): XmlFragment {
  return el(name, undefined, [optTextEl('t:Name', display), textEl('t:Address', address)]);
}

/** A mailbox as `t:EmailAddressType` (Name, EmailAddress, RoutingType) — the item/folder shape. */
export function mailboxElement(
  name: string,
  mailbox: { email: string; name?: string; routingType?: string },
): XmlFragment {
  return el(name, undefined, [
    optTextEl('t:Name', mailbox.name),
    textEl('t:EmailAddress', mailbox.email),
    optTextEl('t:RoutingType', mailbox.routingType),
  ]);
}

/** `t:DistinguishedFolderId`, optionally in another user's mailbox. */
export function distinguishedFolder(id: string, mailbox?: string): XmlFragment {
  return el(
    't:DistinguishedFolderId',
    { Id: id },
    mailbox === undefined ? undefined : mailboxElement('t:Mailbox', { email: mailbox }),
  );
}

export function itemIdElement(ref: ItemRef): XmlFragment {
  return el('t:ItemId', { Id: ref.id, ChangeKey: ref.changeKey });
}

/** A person as items carry them (`Mailbox` with Name/EmailAddress/RoutingType). */
export interface Person {
  name?: string;
  email?: string;
  routingType?: string;
}

/** Reads `<X><t:Mailbox>…</t:Mailbox></X>` (Organizer, From) or a bare Mailbox. */
export function readPerson(node: XmlNode | undefined): Person | undefined {
  if (node === undefined) return undefined;
  const mailbox = child(node, 'Mailbox') ?? node;
  const person: Person = {};
  const name = optText(mailbox, 'Name');
  const email = optText(mailbox, 'EmailAddress');
  const routingType = optText(mailbox, 'RoutingType');
  if (name !== undefined) person.name = name;
  if (email !== undefined) person.email = email;
  if (routingType !== undefined) person.routingType = routingType;
  return name === undefined && email === undefined ? undefined : person;
}

export function assertValidDate(date: Date, what: string): void {
  if (!Number.isFinite(date.getTime())) throw new RangeError(`${what} is not a valid date`);
}
