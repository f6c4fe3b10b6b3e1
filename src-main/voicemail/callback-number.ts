/**
 * The caller's number in E.164 (for Call back), normalised with libphonenumber-js; the default
 * region comes from the locale ("ko-KR" → KR), so a national number from Exchange is read as the
 * user would dial it. Loaded only when Call back is pressed (service.ts): libphonenumber-js and
 * its metadata cost about 2 MB of heap for as long as the core runs. Pure.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

function regionOf(locale: string): CountryCode | undefined {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return region === undefined ? undefined : (region as CountryCode);
  } catch {
    return undefined;
  }
}

/** "+82212345678", or undefined when the text is not a possible phone number. */
export function callbackNumber(raw: string | undefined, locale: string): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '' || text.length > 64) return undefined;
  // Exchange UM writes "tel:" or "sip:" forms in some deployments.
  const bare = text.replace(/^tel:/i, '');
  try {
    const parsed = parsePhoneNumberFromString(bare, regionOf(locale));
    if (parsed === undefined || !parsed.isPossible()) return undefined;
    return parsed.number;
  } catch {
    return undefined;
  }
}
