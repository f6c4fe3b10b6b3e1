import { XMLParser } from 'fast-xml-parser';
import { DecodeError } from '../errors.js';
import { assertWellFormed } from './well-formed.js';

/**
 * A parsed XML element as fast-xml-parser gives it with our options: a leaf without attributes
 * is its text; anything else is an object of children (by local name), attributes (`@name`)
 * and text (`#text`). Namespace prefixes are removed, so names are local names.
 */
export type XmlNode = string | XmlObject;
export interface XmlObject {
  [name: string]: XmlNode | XmlNode[] | undefined;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  // Message bodies keep their whitespace; decoders trim the fields where it is not meaningful.
  trimValues: false,
  // Decodes numeric character references (&#8211;), which the default entity handling leaves as is.
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- still the documented switch for this in fast-xml-parser 5
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Measured: building the path string for every tag costs about a third of the parse time.
  jPath: false,
});

/**
 * Parses an XML document. Malformed or truncated input is a DecodeError, never a partial tree:
 * fast-xml-parser alone is lenient (it accepts `<a></b>`), so a structure check runs first.
 * DOCTYPEs are refused outright: EWS never sends one, and entity tricks are an attack surface.
 */
export function parseXml(xml: string): XmlObject {
  assertWellFormed(xml);
  let tree: unknown;
  try {
    tree = parser.parse(xml);
  } catch (cause) {
    throw new DecodeError(
      `Malformed XML: ${cause instanceof Error ? cause.message : String(cause)}`,
      undefined,
      { cause },
    );
  }
  if (!isObject(tree)) throw new DecodeError('The document has no root element');
  return tree;
}

export function isObject(node: unknown): node is XmlObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** All child elements called `name` (local name), in document order. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!isObject(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first child element called `name`, if any. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** The element's text content, untrimmed ('' for an empty element or one with only children). */
export function text(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

/** The trimmed text of child `name`, or undefined when the child is absent. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const found = child(node, name);
  return found === undefined ? undefined : text(found).trim();
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (!isObject(node)) return undefined;
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** Like `child`, but a missing element is a DecodeError naming where it was expected. */
export function requireChild(node: XmlNode | undefined, name: string, path: string): XmlNode {
  const found = child(node, name);
  if (found === undefined) throw new DecodeError(`Missing element ${name}`, path);
  return found;
}

export function requireText(node: XmlNode | undefined, name: string, path: string): string {
  return text(requireChild(node, name, path)).trim();
}
