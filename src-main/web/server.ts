/**
 * The web shell: the renderer's static files over HTTP and the contract over a WebSocket at
 * `/ws`, on 127.0.0.1 only. Every request must pass the gate in security.ts (token, Host,
 * Origin); every response carries the security headers.
 */
import { createReadStream } from 'node:fs';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { Api } from '../core/contract.js';
import { MAX_MESSAGE_BYTES } from './messages.js';
import type { Log } from '../core/log-file.js';
import {
  checkRequest,
  hasOneHost,
  newToken,
  TOKEN_COOKIE,
  securityHeaders,
  tokenCookie,
  type GateDecision,
} from './security.js';
import type { PageActivity } from './page-activity.js';
import type { PageOpener } from './page-opener.js';
import type { PageVisibility } from './page-visibility.js';
import type { NoticeSource } from '../core/notices/notice-feed.js';
import { serveClient } from './socket.js';
import { contentTypeFor, lookupStatic, NOT_BUILT_PAGE } from './static-files.js';
import { serveVoicemailAudio } from './voicemail-audio-route.js';
import { EMPTY_AUDIO_SOURCE, type VoicemailAudioSource } from '../voicemail/audio-source.js';

export const LOOPBACK = '127.0.0.1';
export const SOCKET_PATH = '/ws';
/**
 * 204 when the request's token is good. A browser cannot see why a WebSocket upgrade was refused,
 * so a page whose socket closed asks here: 401/403 (the gate's answer) means the shell was
 * restarted with a new token and the page must be opened again from the new address.
 */
export const SESSION_PATH = '/session';
/** WebSocket clients at once; a local UI needs a handful. */
export const MAX_CLIENTS = 32;

/** `out/renderer` at the repository root (this file is src-main/web/server.ts). */
export const DEFAULT_STATIC_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../out/renderer',
);

export interface WebShellOptions {
  api: Api;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; default `out/renderer`. */
  staticDir?: string;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  /** Sends links opened during a page's command back to that page. */
  opener?: PageOpener;
  /** Collects the pages' activity for the idle time. */
  pages?: PageActivity;
  /** Collects whether any page is in sight. */
  visibility?: PageVisibility;
  /** Notices sent to the connected pages as `notice` messages. */
  notices?: NoticeSource;
  /** The shell's zone and language for a page's notices until its hello; default UTC, English. */
  viewer?: { timeZone: string; locale: string };
  /** Cached voicemail audio for `/voicemail-audio/<key>`; default: none (every key is 404). */
  voicemailAudio?: VoicemailAudioSource;
  /** The token cookie's name: one per data folder (`cookieNameFor`); default `beacon_token`. */
  cookieName?: string;
  /** Where refusals are written (status, reason, method and path; never a query or a header). */
  log?: Log;
}

/** The port is taken: the one sentence the user needs, no stack trace. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is in use; choose another with --port`);
    this.name = 'PortInUseError';
  }
}

export interface WebShell {
  /** `http://127.0.0.1:<port>/?token=<token>`: what the user opens. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function gateInput(request: IncomingMessage, url: URL): Parameters<typeof checkRequest>[0] {
  return {
    host: request.headers.host,
    origin: request.headers.origin,
    authorization: request.headers.authorization,
    cookie: request.headers.cookie,
    queryToken: url.searchParams.get('token'),
  };
}

/** The request target as a URL; the base is a placeholder, only path and query are used. */
function requestUrl(request: IncomingMessage): URL | null {
  const target = request.url ?? '';
  if (!target.startsWith('/')) return null;
  try {
    return new URL(target, 'http://placeholder');
  } catch {
    return null;
  }
}

/** The raw path, as sent: `new URL` would resolve `/../x` to `/x` and hide the attempt. */
function rawPathname(request: IncomingMessage): string {
  const target = request.url ?? '';
  const query = target.indexOf('?');
  return query < 0 ? target : target.slice(0, query);
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const { api } = options;
  const token = options.token ?? newToken();
  if (!/^[A-Za-z0-9_-]{16,256}$/.test(token))
    throw new Error('The web shell token must be 16-256 base64url characters');
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const cookieName = options.cookieName ?? TOKEN_COOKIE;
  const log = options.log ?? ((): void => undefined);
  let port = 0;

  /** The gate, after the one check it cannot make from single values: exactly one Host. */
  const gate = (
    request: IncomingMessage,
    url: URL,
  ): GateDecision | { ok: false; status: 400; reason: string } =>
    hasOneHost(request.rawHeaders)
      ? checkRequest(gateInput(request, url), port, token, cookieName)
      : { ok: false, status: 400, reason: 'One Host header required' };
  const logRefusal = (request: IncomingMessage, status: number, reason: string): void => {
    log(
      `refused ${String(status)} (${reason}): ${request.method ?? '?'} ${rawPathname(request).slice(0, 200)}`,
    );
  };

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  wss.on('connection', (socket) => {
    serveClient(socket, api, {
      ...(options.opener === undefined ? {} : { opener: options.opener }),
      ...(options.pages === undefined ? {} : { pages: options.pages }),
      ...(options.visibility === undefined ? {} : { visibility: options.visibility }),
      ...(options.notices === undefined ? {} : { notices: options.notices }),
      ...(options.viewer === undefined ? {} : { viewer: options.viewer }),
    });
  });

  const respond = (
    response: ServerResponse,
    status: number,
    body: string,
    headers: OutgoingHttpHeaders = {},
  ): void => {
    response.writeHead(status, {
      ...securityHeaders(port),
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(body),
      ...headers,
    });
    response.end(response.req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = requestUrl(request);
    if (url === null) {
      respond(response, 400, 'Bad request');
      return;
    }
    const decision = gate(request, url);
    if (!decision.ok) {
      logRefusal(request, decision.status, decision.reason);
      respond(response, decision.status, STATUS_CODES[decision.status] ?? 'Refused');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      respond(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    // The page's assets and WebSocket need no token in their URLs once the cookie is set.
    const cookie: OutgoingHttpHeaders =
      decision.via === 'cookie' ? {} : { 'Set-Cookie': tokenCookie(token, cookieName) };
    const audio = options.voicemailAudio ?? EMPTY_AUDIO_SOURCE;
    const audioHeaders = { ...securityHeaders(port), ...cookie };
    const { searchParams } = url;
    if (
      await serveVoicemailAudio(
        request,
        response,
        rawPathname(request),
        searchParams,
        audio,
        audioHeaders,
      )
    )
      return;

    const pathname = rawPathname(request);
    if (pathname === SESSION_PATH) {
      response.writeHead(204, { ...securityHeaders(port), ...cookie, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    const found = await lookupStatic(staticDir, pathname);
    switch (found.kind) {
      case 'forbidden':
        respond(response, 403, 'Forbidden', cookie);
        return;
      case 'not-found':
        respond(response, 404, 'Not found', cookie);
        return;
      case 'no-root':
        if (pathname === '/' || pathname === '/index.html')
          respond(response, 200, NOT_BUILT_PAGE, {
            ...cookie,
            'Content-Type': 'text/html; charset=utf-8',
          });
        else respond(response, 404, 'Not found', cookie);
        return;
      case 'file': {
        const isIndex = path.basename(found.filePath) === 'index.html';
        response.writeHead(200, {
          ...securityHeaders(port),
          ...cookie,
          'Content-Type': contentTypeFor(found.filePath),
          'Content-Length': found.size,
          'Cache-Control': isIndex ? 'no-store' : 'no-cache',
        });
        if (request.method === 'HEAD') {
          response.end();
          return;
        }
        const stream = createReadStream(found.filePath);
        stream.on('error', () => response.destroy());
        stream.pipe(response);
        return;
      }
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) respond(response, 500, 'Internal error');
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    let refusal: { status: number } | undefined;
    if (url === null) refusal = { status: 400 };
    else {
      const decision = gate(request, url);
      if (!decision.ok) {
        logRefusal(request, decision.status, decision.reason);
        refusal = { status: decision.status };
      } else if (rawPathname(request) !== SOCKET_PATH) refusal = { status: 404 };
      else if (wss.clients.size >= MAX_CLIENTS) refusal = { status: 503 };
    }
    if (refusal !== undefined) {
      refuseUpgrade(socket, refusal.status);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? 0) : error);
    });
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://${LOOPBACK}:${port}/?token=${token}`, port, token, close };
}

function refuseUpgrade(socket: Duplex, status: number): void {
  const reason = STATUS_CODES[status] ?? 'Refused';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}
