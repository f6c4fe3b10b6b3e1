/**
 * A small XML writer for SOAP requests (and the simulator's answers). Every text value and
 * attribute value is escaped, so user input (an OOF message, a subject) can never change the
 * document's shape, and it survives a parser exactly: a carriage return is written as `&#13;`
 * (a parser turns a raw CR or CRLF into LF), and inside attributes tab, LF and CR are written as
 * character references too (a parser turns raw ones into spaces).
 */

// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What XML 1.0 cannot carry at all: C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates. */
const UNENCODABLE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g');

/** Text holds a character no XML document can carry: sending it would change or break it. */
export class UnencodableTextError extends RangeError {
  constructor(
    /** Which value, in words (e.g. "the internal reply"). */
    readonly field: string,
    /** UTF-16 index of the first such character. */
    readonly index: number,
    /** Its code unit (a control character, U+FFFE/U+FFFF or half of a surrogate pair). */
    readonly codeUnit: number,
  ) {
    const hex = codeUnit.toString(16).toUpperCase().padStart(4, '0');
    super(
      `${field[0]?.toUpperCase() ?? ''}${field.slice(1)} contains a character that cannot be sent (U+${hex} at position ${index + 1}); remove it and try again`,
    );
    this.name = 'UnencodableTextError';
  }
}

/** Throws UnencodableTextError when `value` holds a character XML 1.0 cannot carry. */
export function assertEncodable(value: string, field: string): void {
  UNENCODABLE.lastIndex = 0;
  const found = UNENCODABLE.exec(value);
  UNENCODABLE.lastIndex = 0;
  if (found !== null)
    throw new UnencodableTextError(field, found.index, value.charCodeAt(found.index));
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '\t': '&#9;',
  '\n': '&#10;',
};

/**
 * Escapes element text. Characters XML 1.0 cannot carry at all are dropped rather than sent
 * invalid; callers for whom that would lose user text check with `assertEncodable` first.
 */
export function escapeXml(value: string): string {
  return value.replace(UNENCODABLE, '').replace(/[&<>"'\r]/g, (ch) => TEXT_ESCAPES[ch] ?? ch);
}

/** Escapes an attribute value: as `escapeXml`, plus tab, LF and CR as character references. */
export function escapeXmlAttr(value: string): string {
  return value.replace(UNENCODABLE, '').replace(/[&<>"'\r\n\t]/g, (ch) => ATTR_ESCAPES[ch] ?? ch);
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
    out += ` ${name}="${escapeXmlAttr(String(value))}"`;
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
