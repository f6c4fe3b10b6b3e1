/**
 * The Autodiscover v2 (JSON) answer codec. Pure: the body in, a value out.
 * Success is `{"Protocol":"EWS","Url":"https://…/EWS/Exchange.asmx"}`; failures carry
 * `{"ErrorCode":"…","ErrorMessage":"…"}`.
 */
import { DecodeError } from '../errors.js';

export type V2Answer =
  { kind: 'url'; protocol: string; url: string } | { kind: 'error'; code: string; message: string };

export function decodeV2Json(body: string): V2Answer {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (cause) {
    throw new DecodeError('Autodiscover v2 answer is not JSON', undefined, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError('Autodiscover v2 answer is not a JSON object');
  }
  const record = value as Record<string, unknown>;
  const url = stringField(record, 'Url');
  if (url !== undefined && url !== '') {
    return { kind: 'url', protocol: stringField(record, 'Protocol') ?? '', url };
  }
  const code = stringField(record, 'ErrorCode');
  if (code !== undefined) {
    return { kind: 'error', code, message: stringField(record, 'ErrorMessage') ?? '' };
  }
  throw new DecodeError('Autodiscover v2 answer has neither Url nor ErrorCode');
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(record, name) ? record[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
