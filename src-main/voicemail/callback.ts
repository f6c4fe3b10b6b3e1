/**
 * Where Call back goes: tel: with the E.164 number (callback-number.ts, loaded on Call back only),
 * else the caller's SIP address. Pure.
 */

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
