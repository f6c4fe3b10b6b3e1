/**
 * The caller's number in E.164 (for Call back), normalised with libphonenumber-js; the default
 * region comes from the locale ("ko-KR" → KR), so a national number from Exchange is read as the
 * user would dial it. Pure.
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

/** A SIP address from the caller field ("sip:kim@example.com"), when that is what it holds. */
export function sipAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const match = /^sip:([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253})$/i.exec(raw.trim());
  return match?.[1] === undefined ? undefined : `sip:${match[1]}`;
}

/** The URL Call back opens: tel:+E164 when the number is known, else a SIP address. */
export function callUrl(item: {
  callbackNumber?: string;
  callerNumber?: string;
}): string | undefined {
  if (item.callbackNumber !== undefined && /^\+[1-9]\d{3,14}$/.test(item.callbackNumber))
    return `tel:${item.callbackNumber}`;
  return sipAddress(item.callerNumber);
}
