/**
 * A catalogue sentence cut into the translator's words and the pieces of text it embeds (a name,
 * an address from Exchange or IM), so each piece can be shown isolated: a right-to-left name then
 * keeps its own direction and cannot carry the sentence's punctuation ("(", ")", "…") with it.
 * The catalogue's function is called with placeholders, one per distinct value (so a sentence
 * that compares its arguments, "name === mailbox", still sees equal ones as equal), and the
 * placeholders are found again in its result. Pure.
 */

export interface SentencePart {
  text: string;
  /** True for a piece of embedded text, false for the translator's words. */
  embedded: boolean;
}

/** Private-use marks around a placeholder's number: no catalogue writes them. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
/** First-strong isolate … pop directional isolate, for text that cannot be cut apart. */
const FSI = '\u2068';
const PDI = '\u2069';

export function sentenceParts<Args extends readonly string[]>(
  message: (...args: Args) => string,
  args: Args,
): SentencePart[] {
  const distinct = [...new Set(args)];
  const marked = (): SentencePart[] | undefined => {
    if (args.some((a) => a.includes(OPEN) || a.includes(CLOSE))) return undefined;
    const placeholders = args.map((a) => `${OPEN}${String(distinct.indexOf(a))}${CLOSE}`);
    const text = message(...(placeholders as unknown as Args));
    const parts: SentencePart[] = [];
    let at = 0;
    for (const match of text.matchAll(PLACEHOLDER)) {
      const value = distinct[Number(match[1])];
      if (value === undefined) return undefined;
      if (match.index > at) parts.push({ text: text.slice(at, match.index), embedded: false });
      if (value !== '') parts.push({ text: value, embedded: true });
      at = match.index + match[0].length;
    }
    if (at < text.length) parts.push({ text: text.slice(at), embedded: false });
    // A placeholder the sentence cut or changed: its marks are left over.
    return parts.some((p) => !p.embedded && (p.text.includes(OPEN) || p.text.includes(CLOSE)))
      ? undefined
      : parts;
  };
  // Otherwise the whole sentence as one text, each value still isolated by Unicode's marks.
  return (
    marked() ?? [
      {
        text: message(...(args.map((a) => `${FSI}${a}${PDI}`) as unknown as Args)),
        embedded: false,
      },
    ]
  );
}
