/**
 * An IXHRApi for ews-javascript-api (the third-party EWS client we use as an independent peer in
 * tests and the benchmark) that answers without a network. The library only reads `status`,
 * `responseText`/`response`, `headers` and `getResponseHeader` from the object it gets back.
 */
import type { IXHRApi } from 'ews-javascript-api';

/** The XMLHttpRequest-like object ews-javascript-api consumes. */
export interface XhrLikeResponse {
  status: number;
  statusText: string;
  responseText: string;
  response: string;
  responseType: '';
  headers: Record<string, string>;
  getResponseHeader(name: string): string | null;
  getAllResponseHeaders(): string;
}

export function xhrLikeResponse(
  status: number,
  statusText: string,
  body: string,
  headers: Record<string, string>,
): XhrLikeResponse {
  const lowerCased = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    status,
    statusText,
    responseText: body,
    response: body,
    responseType: '',
    headers: lowerCased,
    getResponseHeader: (name) => lowerCased[name.toLowerCase()] ?? null,
    getAllResponseHeaders: () =>
      Object.entries(lowerCased)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join(''),
  };
}

/** Answers every request with the same 200 text/xml body, without touching the network. */
export function fixedResponseXhr(body: string): IXHRApi {
  const response = xhrLikeResponse(200, 'OK', body, {
    'content-type': 'text/xml; charset=utf-8',
  });
  return {
    apiName: 'fixed-response',
    xhr: () => Promise.resolve(response),
    xhrStream: () => Promise.reject(new Error('streaming is not supported by fixedResponseXhr')),
    disconnect: () => undefined,
  };
}
