/**
 * MSAL's HTTP client over undici, through the same dispatcher the EWS client uses: TLS
 * verification on, and a private CA (settings' trustedCaPem) added to the built-in roots, never
 * in their place. Bounded in time and size like every other request Beacon makes.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';
import { createDispatcher } from '../../ews/transport/http.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_BYTES = 1024 * 1024;

export interface OAuthNetwork extends INetworkModule {
  close(): Promise<void>;
}

export function createOAuthNetwork(options: { extraCa?: string | undefined } = {}): OAuthNetwork {
  const dispatcher: Dispatcher = createDispatcher({ extraCa: options.extraCa });

  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    init: NetworkRequestOptions | undefined,
    timeoutMs: number | undefined,
  ): Promise<NetworkResponse<T>> {
    const res = await request(url, {
      method,
      headers: init?.headers,
      body: init?.body,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BYTES) {
        res.body.destroy();
        throw new Error(`The authority's answer exceeds ${MAX_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined)
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      // MSAL reads `error` from the body; a non-JSON answer is an unusable one.
      body = { error: 'invalid_response', error_description: `HTTP ${res.statusCode}` };
    }
    return { status: res.statusCode, headers, body: body as T };
  }

  return {
    sendGetRequestAsync: (url, init, timeout) => send('GET', url, init, timeout),
    sendPostRequestAsync: (url, init) => send('POST', url, init, undefined),
    close: () => dispatcher.close(),
  };
}
