/**
 * A small XML writer for SOAP requests. Every text value and attribute value goes through
 * `escapeXml`, so user input (an OOF message, a subject) can never change the document's shape.
 */

export function escapeXml(value: string): string {
  // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
  return value.replace(/[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        // Characters XML 1.0 cannot carry at all are dropped rather than sent invalid.
        return '';
    }
  });
}

export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;
/** Child content: already-built XML fragments (from `el`), or nothing. */
export type Content = XmlFragment | readonly (XmlFragment | undefined | false)[] | undefined;

/** A built piece of XML. Only `el`, `textEl` and `raw` make one, so plain strings cannot sneak in. */
export class XmlFragment {
  constructor(readonly xml: string) {}
  toString(): string {
    return this.xml;
  }
}

function renderAttrs(attrs: Attrs | undefined): string {
  if (!attrs) return '';
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    out += ` ${name}="${escapeXml(String(value))}"`;
  }
  return out;
}

/** An element with child elements (or none). */
export function el(name: string, attrs?: Attrs, content?: Content): XmlFragment {
  const inner =
    content === undefined
      ? ''
      : content instanceof XmlFragment
        ? content.xml
        : content.map((c) => (c ? c.xml : '')).join('');
  const open = `<${name}${renderAttrs(attrs)}`;
  return new XmlFragment(inner === '' ? `${open}/>` : `${open}>${inner}</${name}>`);
}

/** An element holding text, escaped. */
export function textEl(name: string, value: string | number | boolean, attrs?: Attrs): XmlFragment {
  return new XmlFragment(`<${name}${renderAttrs(attrs)}>${escapeXml(String(value))}</${name}>`);
}

/** An optional text element: nothing when the value is undefined. */
export function optTextEl(
  name: string,
  value: string | number | boolean | undefined,
  attrs?: Attrs,
): XmlFragment | undefined {
  return value === undefined ? undefined : textEl(name, value, attrs);
}
