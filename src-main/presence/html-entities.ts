/** Named character references an OOF reply plausibly contains (Outlook, OWA, hand-written HTML). */
const NAMED = new Map<string, string>(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
    ensp: '\u2002',
    emsp: '\u2003',
    thinsp: '\u2009',
    shy: '\u00ad',
    zwj: '\u200d',
    zwnj: '\u200c',
    ndash: '\u2013',
    mdash: '\u2014',
    hellip: '\u2026',
    lsquo: '\u2018',
    rsquo: '\u2019',
    sbquo: '\u201a',
    ldquo: '\u201c',
    rdquo: '\u201d',
    bdquo: '\u201e',
    laquo: '\u00ab',
    raquo: '\u00bb',
    bull: '\u2022',
    middot: '\u00b7',
    copy: '\u00a9',
    reg: '\u00ae',
    trade: '\u2122',
    euro: '\u20ac',
    pound: '\u00a3',
    yen: '\u00a5',
    cent: '\u00a2',
    sect: '\u00a7',
    para: '\u00b6',
    deg: '\u00b0',
    plusmn: '\u00b1',
    times: '\u00d7',
    divide: '\u00f7',
    frac12: '\u00bd',
    iexcl: '\u00a1',
    iquest: '\u00bf',
    auml: '\u00e4',
    ouml: '\u00f6',
    uuml: '\u00fc',
    Auml: '\u00c4',
    Ouml: '\u00d6',
    Uuml: '\u00dc',
    szlig: '\u00df',
    eacute: '\u00e9',
    egrave: '\u00e8',
    ecirc: '\u00ea',
    aacute: '\u00e1',
    agrave: '\u00e0',
    ccedil: '\u00e7',
    ntilde: '\u00f1',
    oacute: '\u00f3',
    iacute: '\u00ed',
    uacute: '\u00fa',
    Eacute: '\u00c9',
    aring: '\u00e5',
    oslash: '\u00f8',
    aelig: '\u00e6',
    rarr: '\u2192',
    larr: '\u2190',
  }),
);

function fromCodePoint(cp: number): string {
  // NUL, surrogates and out-of-range values are what HTML turns into U+FFFD.
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}

/** Decodes numeric and known named references; an unknown name is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,9})|([A-Za-z][A-Za-z0-9]{1,31}));?/g,
    (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
      if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
      return (name !== undefined ? NAMED.get(name) : undefined) ?? whole;
    },
  );
}
