import { DecodeError } from '../errors.js';
import type { XmlNode, XmlObject } from './parse.js';

/**
 * Builds, from parse events, exactly the tree `parseXml` (fast-xml-parser with our options)
 * gives for the same element, so a streamed answer can reuse the decoders written against
 * that tree: a leaf without attributes is its text; anything else is an object of children by
 * local name (an array when a name repeats), attributes as `@local` (xmlns declarations left
 * out) and the concatenated direct text (text and CDATA, comments left out) as `#text`.
 */

/** fast-xml-parser's `removeNSPrefix` rule: `p:name` → `name`; `xmlns` and `xmlns:p` → ''. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  if (colon === -1) return qualified === 'xmlns' ? '' : qualified;
  const prefix = qualified.slice(0, colon);
  if (prefix === 'xmlns') return '';
  // Exactly one colon: drop the prefix. More than one: fast-xml-parser keeps the name whole.
  return qualified.indexOf(':', colon + 1) === -1 ? qualified.slice(colon + 1) : qualified;
}

/** Names fast-xml-parser refuses outright as prototype pollution. */
const REFUSED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
/** Names fast-xml-parser renames (`toString` → `__toString`) so they cannot shadow Object's. */
const RENAMED_NAMES = new Set([
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/**
 * An element's key in the tree, as fast-xml-parser makes it from the local name: a few names
 * are renamed, and three are refused (a DecodeError, as `parseXml` gives for them).
 */
export function elementKey(local: string): string {
  if (REFUSED_NAMES.has(local))
    throw new DecodeError(`Malformed XML: the element name "${local}" is not accepted`);
  return RENAMED_NAMES.has(local) ? `__${local}` : local;
}

interface Frame {
  name: string;
  attrs: XmlObject | undefined;
  text: string;
  kids: XmlObject | undefined;
}

export class ShapeBuilder {
  private readonly stack: Frame[] = [];
  /** What the closed top-level elements were attached to (the document object). */
  readonly document: XmlObject = {};

  get depth(): number {
    return this.stack.length;
  }

  /** Opens an element; `name` is its key (see `elementKey`). */
  open(name: string, attributes: Readonly<Record<string, string>>): void {
    let attrs: XmlObject | undefined;
    for (const qualified in attributes) {
      const local = localName(qualified);
      if (local === '') continue;
      attrs ??= {};
      attrs[`@${local}`] = attributes[qualified] ?? '';
    }
    this.stack.push({ name, attrs, text: '', kids: undefined });
  }

  text(value: string): void {
    const top = this.stack.at(-1);
    if (top !== undefined) top.text += value;
  }

  /** Closes the innermost element and returns its value; `attach` adds it to its parent too. */
  close(attach = true): XmlNode {
    const frame = this.stack.pop();
    if (frame === undefined) throw new RangeError('close() without an open element');
    let value: XmlNode;
    if (frame.attrs === undefined && frame.kids === undefined) {
      value = frame.text;
    } else {
      const node: XmlObject = frame.kids ?? {};
      if (frame.text !== '') node['#text'] = frame.text;
      if (frame.attrs !== undefined) for (const key in frame.attrs) node[key] = frame.attrs[key];
      value = node;
    }
    if (attach) {
      const parent = this.stack.at(-1);
      let target: XmlObject;
      if (parent === undefined) target = this.document;
      else target = parent.kids ??= {};
      addChild(target, frame.name, value);
    }
    return value;
  }
}

function addChild(target: XmlObject, name: string, value: XmlNode): void {
  if (!Object.hasOwn(target, name)) {
    target[name] = value;
    return;
  }
  const existing = target[name];
  if (Array.isArray(existing)) existing.push(value);
  else if (existing !== undefined) target[name] = [existing, value];
}
