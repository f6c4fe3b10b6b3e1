/**
 * Whether a JSON value is a valid OData JSON representation of an Edm primitive type
 * (OData JSON Format 4.01 §7.1, default `IEEE754Compatible=false`, so 64-bit integers and
 * decimals are numbers). Returns the reason it is not, or `undefined`.
 */
export function checkEdmPrimitive(edmType: string, value: unknown): string | undefined {
  switch (edmType) {
    case 'Edm.Untyped':
    case 'Edm.PrimitiveType':
      return undefined;
    case 'Edm.String':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'Edm.Byte':
      return integer(value, 0, 255);
    case 'Edm.SByte':
      return integer(value, -128, 127);
    case 'Edm.Int16':
      return integer(value, -32768, 32767);
    case 'Edm.Int32':
      return integer(value, -2147483648, 2147483647);
    case 'Edm.Int64':
      return integer(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'Edm.Double':
    case 'Edm.Single':
    case 'Edm.Decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return undefined;
      return value === 'NaN' || value === 'INF' || value === '-INF'
        ? undefined
        : "must be a number (or 'NaN', 'INF', '-INF')";
    case 'Edm.DateTimeOffset':
      return matches(value, isDateTimeOffset, 'must be a date and time with an offset');
    case 'Edm.Date':
      return matches(value, isDate, 'must be a date (YYYY-MM-DD)');
    case 'Edm.TimeOfDay':
      return matches(value, isTimeOfDay, 'must be a time of day (hh:mm:ss.fffffff)');
    case 'Edm.Duration':
      return matches(value, isDuration, 'must be a duration (e.g. PT1H30M)');
    case 'Edm.Guid':
      return matches(value, isGuid, 'must be a GUID');
    case 'Edm.Binary':
      return matches(value, isBase64, 'must be base64');
    case 'Edm.Stream':
      // A stream inlined in JSON is base64 text; usually it is only linked by annotations.
      return matches(value, isBase64, 'must be base64');
    default:
      // Geography/Geometry and other types Graph does not use: a GeoJSON object.
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : `must be a ${edmType} value`;
  }
}

function integer(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  return value < min || value > max ? `must be between ${min} and ${max}` : undefined;
}

function matches(
  value: unknown,
  test: (text: string) => boolean,
  message: string,
): string | undefined {
  return typeof value === 'string' && test(value) ? undefined : message;
}

const DATE = /^(-?\d{4,})-(\d{2})-(\d{2})$/;

export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?$/;

export function isTimeOfDay(text: string): boolean {
  const m = TIME.exec(text);
  if (!m) return false;
  return Number(m[1]) <= 23 && Number(m[2]) <= 59 && Number(m[3] ?? 0) <= 59;
}

/** `2026-12-03T08:00:00Z`, `…T08:00:00.1234567+09:00`; the offset is required. */
export function isDateTimeOffset(text: string): boolean {
  const m = /^([^T]+)T([^Z+-]+)(?:Z|[+-](\d{2}):(\d{2}))$/i.exec(text);
  if (!m) return false;
  if (Number(m[3] ?? 0) > 23 || Number(m[4] ?? 0) > 59) return false;
  return isDate(m[1] ?? '') && isTimeOfDay(m[2] ?? '');
}

/** An xs:dayTimeDuration: `P1D`, `PT1H30M`, `-PT0.5S`, at least one component. */
export function isDuration(text: string): boolean {
  const m = /^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m) return false;
  if (m[1] === undefined && m[2] === undefined && m[3] === undefined && m[4] === undefined)
    return false;
  return !text.endsWith('T');
}

export function isGuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

/** Base64 with the standard or the URL-safe alphabet (OData uses the latter), padding optional. */
export function isBase64(text: string): boolean {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return false;
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return false;
  return text.length === unpadded.length || text.length % 4 === 0;
}
