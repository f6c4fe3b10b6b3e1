/**
 * An xs:boolean as the schema reads it: `true`, `false`, `1` or `0`, with the surrounding
 * whitespace the type's collapse facet removes. undefined for anything else (or nothing), which
 * the schema check has refused already in strict mode.
 */
export function xsBoolean(value: string | undefined): boolean | undefined {
  switch (value?.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}
