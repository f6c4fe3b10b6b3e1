/**
 * The browser sign-in's redirect listener: bound to 127.0.0.1 only, on a port the OS picks. It
 * accepts exactly one redirect carrying the expected `state` and then closes; a redirect with
 * another state gets a page saying so and the listener goes on waiting. It gives up after a
 * timeout, or when the signal aborts (Cancel: MSAL cannot see a closed browser tab).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthError } from './errors.js';

export interface LoopbackRedirect {
  readonly code: string;
  /** The redirect's query, for MSAL's checks (state, client_info, iss). */
  readonly params: Readonly<Record<string, string>>;
}

export interface LoopbackListener {
  /** `http://localhost:<port>`: what the authority redirects the browser to. */
  readonly redirectUri: string;
  readonly port: number;
  /** The one accepted redirect; rejects with an OAuthError (cancelled, timed-out, refused). */
  readonly redirect: Promise<LoopbackRedirect>;
  /** Stops listening (idempotent). */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  readonly expectedState: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const PAGE_STYLE =
  'body{font:16px system-ui,sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#222}';

/** The page allows exactly its own style sheet, by hash: no inline style or script beyond it. */
const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

function page(res: ServerResponse, status: number, title: string, lines: readonly string[]): void {
  const body = lines.map((line) => `<p>${line}</p>`).join('');
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': PAGE_CSP,
    Connection: 'close',
  });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
      `<style>${PAGE_STYLE}</style></head><body><h1>${title}</h1>${body}</body></html>`,
  );
}

export const PAGE_TEXT = {
  done: {
    title: 'Signed in to Beacon',
    lines: [
      'You can close this tab and return to Beacon.',
      'Beacon에 로그인했습니다. 이 탭을 닫아도 됩니다.',
    ],
  },
  wrongState: {
    title: 'This sign-in is not the one Beacon is waiting for',
    lines: [
      'Beacon did not accept this page. Start the sign-in again from Beacon.',
      'Beacon이 기다리는 로그인이 아닙니다. Beacon에서 다시 로그인하세요.',
    ],
  },
  refused: {
    title: 'Sign-in was not completed',
    lines: ['Return to Beacon and try again.', 'Beacon으로 돌아가 다시 시도하세요.'],
  },
} as const;

export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: { resolve(r: LoopbackRedirect): void; reject(e: OAuthError): void } | undefined;
  const redirect = new Promise<LoopbackRedirect>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Rejections are also observed by whoever awaits `redirect`; this keeps an early one from
  // being reported as unhandled before they do.
  redirect.catch(() => undefined);
  let finished = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (finished || req.method !== 'GET' || url.pathname !== '/') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('Not found');
      return;
    }
    const params = Object.fromEntries(url.searchParams);
    if (params['state'] !== options.expectedState) {
      page(res, 400, PAGE_TEXT.wrongState.title, PAGE_TEXT.wrongState.lines);
      return;
    }
    const code = params['code'];
    if (code === undefined || code === '') {
      page(res, 400, PAGE_TEXT.refused.title, PAGE_TEXT.refused.lines);
      finish(new OAuthError('refused', describeRefusal(params)));
      return;
    }
    page(res, 200, PAGE_TEXT.done.title, PAGE_TEXT.done.lines);
    finish({ code, params });
  });

  const timer = setTimeout(() => {
    finish(new OAuthError('timed-out', 'The browser sign-in was not completed in time'));
  }, options.timeoutMs);
  const onAbort = (): void => {
    finish(new OAuthError('cancelled', 'The sign-in was cancelled'));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(outcome: LoopbackRedirect | OAuthError): void {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof OAuthError) settle?.reject(outcome);
    else settle?.resolve(outcome);
    void close();
  }

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      // Let the answer to the accepted redirect reach the browser, then drop idle sockets.
      setImmediate(() => {
        server.closeIdleConnections();
      });
    });
    return closing;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (options.signal?.aborted) onAbort();
  const port = (server.address() as AddressInfo).port;
  return {
    redirectUri: `http://localhost:${port}`,
    port,
    redirect,
    close: () => {
      finish(new OAuthError('cancelled', 'The sign-in was cancelled'));
      return close();
    },
  };
}

function describeRefusal(params: Record<string, string>): string {
  const error = params['error'] ?? 'no code';
  // The authority's own words are untrusted: kept short and to the error code's characters.
  return `The authority did not sign you in (${error.replace(/[^\w.-]/g, '').slice(0, 64)})`;
}
