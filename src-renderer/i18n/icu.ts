/**
 * ICU messages (FormatJS's intl-messageformat) for the strings whose wording depends on a number:
 * plurals ("1 second" / "40 seconds") follow the locale's CLDR rules instead of hand-written
 * `n === 1` checks. Each catalogue calls `icu(locale)` once; patterns are compiled on first use.
 */
import { IntlMessageFormat } from 'intl-messageformat';

export type IcuValues = Record<string, string | number>;
export type IcuFormat = (pattern: string, values: IcuValues) => string;

export function icu(locale: string): IcuFormat {
  const compiled = new Map<string, IntlMessageFormat>();
  return (pattern, values) => {
    let message = compiled.get(pattern);
    if (message === undefined) {
      message = new IntlMessageFormat(pattern, locale);
      compiled.set(pattern, message);
    }
    // Only strings and numbers go in, so the result is one string.
    return String(message.format(values));
  };
}
