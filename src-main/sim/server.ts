/**
 * The simulator's HTTP(S) server: routes EWS, Autodiscover and admin requests, applies injected
 * faults that need the socket (delay, truncated body, connection reset) and records exchanges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerAdmin } from './admin.js';
import {
  authenticate,
  challengesFor,
  isLoopbackAddress,
  resolveBearer,
  type BearerAuthority,
  type BearerVerifier,
} from './auth.js';
import { autodiscoverJson, poxResponse, readPoxRequest } from './autodiscover.js';
import {
  answerEws,
  faultReply,
  peekOperation,
  unauthorizedReply,
  XML_CONTENT_TYPE,
  type EwsReply,
} from './ews-endpoint.js';
import { NOTIFICATION_FAULTS, type FaultSpec } from './faults.js';
import { handleGraph, type GraphFace } from './graph/endpoint.js';
import { serveStream } from './notification-stream.js';
import type { NtlmAcceptor } from './ntlm.js';
import type { EwsSchemaValidator } from './schema/ews-schema-validator.js';
import type { SimulatorState } from './state.js';
import { readRequestBody } from './request-body.js';
import { requestTooLarge } from './soap-version.js';

const MAX_BODY = 10 * 1024 * 1024;

export interface ServerConfig {
  state: SimulatorState;
  validator: EwsSchemaValidator | undefined;
  recordDir: string | undefined;
  tls: { key: string; cert: string } | undefined;
  /** NTLM instead of Basic/Bearer on EWS and Autodiscover (see ntlm.ts). */
  ntlm?: NtlmAcceptor | undefined;
  /** Filled in once listening. */
  urls: { ewsUrl: string; host: string };
  /** An OpenID Connect authority: only its access tokens are accepted as Bearer. */
  bearer?: { authority: BearerAuthority; verify: BearerVerifier };
  /** The Graph face: requests under /v1.0/ (graph/router.ts). */
  graph?: GraphFace;
}

/** Autodiscover and admin bodies over the limit: answered with 413 by the server's catch-all. */
class BodyTooLargeError extends Error {
  constructor(readonly drained: boolean) {
    super('request body too large');
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const read = await readRequestBody(req, MAX_BODY);
  if (read.kind === 'too-large') throw new BodyTooLargeError(read.drained);
  return read.text;
}

function send(
  res: ServerResponse,
  reply: {
    status: number;
    statusText?: string;
    headers: Record<string, string | string[]>;
    body: string;
  },
): void {
  const body = Buffer.from(reply.body, 'utf8');
  if (reply.statusText !== undefined) res.statusMessage = reply.statusText;
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': body.length });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body, null, 2),
  });
}

class Recorder {
  private n = 0;
  constructor(private readonly dir: string | undefined) {
    if (dir !== undefined) mkdirSync(dir, { recursive: true });
  }
  get recording(): boolean {
    return this.dir !== undefined;
  }
  write(operation: string, request: string, response: string | undefined, extension = 'xml'): void {
    if (this.dir === undefined) return;
    this.n += 1;
    const prefix = join(
      this.dir,
      `${String(this.n).padStart(4, '0')}-${operation.replace(/[^\w.-]/g, '_')}`,
    );
    writeFileSync(`${prefix}.request.${extension}`, request);
    if (response !== undefined) writeFileSync(`${prefix}.response.${extension}`, response);
  }
}

async function handleEws(
  config: ServerConfig,
  recorder: Recorder,
  req: IncomingMessage,
  res: ServerResponse,
  arrived: number,
  ntlmUser: string | undefined,
): Promise<void> {
  const { state } = config;
  const read = await readRequestBody(req);
  if (read.kind === 'too-large') {
    // Answered, not reset: the client reads a status and a fault (soap-version.ts).
    if (!read.drained) res.on('finish', () => req.socket.destroy());
    send(res, requestTooLarge());
    state.record({ operation: 'Unknown', user: null, status: 413 }, arrived);
    return;
  }
  const xml = read.text;
  const { operation, tree } = peekOperation(xml);
  const fault = state.faults.take(operation);
  const log = (status: number, user: string | null): void => {
    const entry: Parameters<SimulatorState['record']>[0] = { operation, user, status };
    if (fault) entry.fault = fault.kind;
    state.record(entry, arrived);
  };
  const knownUser = (): string | null =>
    ntlmUser ?? authenticate(req.headers.authorization, state.store.credentials)?.email ?? null;

  if (fault) {
    const handled = await applySocketFault(fault, req, res, () => answer());
    if (handled === 'done') {
      log(0, knownUser());
      recorder.write(operation, xml, undefined);
      return;
    }
    const reply = faultReply(fault);
    if (reply && fault.kind !== 'delay') {
      // On disk before the client has its answer, so whoever sent it can read the record.
      recorder.write(operation, xml, reply.body);
      send(res, reply);
      log(reply.status, knownUser());
      return;
    }
  }
  const reply = answer();
  // Whatever the request changed becomes events and sync changes (subscriptions.ts).
  state.notifications.observe();
  log(reply.status, reply.user ?? null);
  if (reply.stream) {
    recorder.write(operation, xml, undefined);
    const headers = Object.entries(reply.headers).filter(([name]) => name !== 'Content-Type');
    void serveStream(state.notifications, reply.stream, res, Object.fromEntries(headers));
    return;
  }
  recorder.write(operation, xml, reply.body);
  send(res, reply);

  function answer(): EwsReply {
    return answerEws(xml, operation, tree, {
      store: state.store,
      validator: config.validator,
      now: state.now,
      authorization: req.headers.authorization,
      challenges: challengesFor(config.bearer?.authority),
      user: ntlmUser,
      notifications: state.notifications,
      headers: req.headers,
      ...(fault && NOTIFICATION_FAULTS.includes(fault.kind) ? { fault } : {}),
    });
  }
}

/** Faults that act on the connection itself. 'done' when the response is finished (or cut). */
async function applySocketFault(
  fault: FaultSpec,
  req: IncomingMessage,
  res: ServerResponse,
  answer: () => EwsReply,
): Promise<'done' | 'continue'> {
  switch (fault.kind) {
    case 'delay':
      await sleep(fault.delayMs ?? 1000);
      return 'continue';
    case 'reset':
      req.socket.destroy();
      return 'done';
    case 'truncated': {
      // Promise more bytes than we send, then hang up: the client sees a short body.
      const reply = answer();
      const body = Buffer.from(reply.body, 'utf8');
      res.writeHead(200, { 'Content-Type': XML_CONTENT_TYPE, 'Content-Length': body.length + 512 });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setImmediate(() => req.socket.destroy());
      });
      return 'done';
    }
    default:
      return 'continue';
  }
}

async function handleAutodiscoverXml(
  config: ServerConfig,
  req: IncomingMessage,
  res: ServerResponse,
  arrived: number,
  ntlmUser: string | undefined,
): Promise<void> {
  const { state } = config;
  const xml = await readBody(req);
  const credentials =
    ntlmUser !== undefined
      ? state.store.credentials.find((c) => c.email === ntlmUser)
      : authenticate(req.headers.authorization, state.store.credentials);
  if (!credentials) {
    send(res, unauthorizedReply(challengesFor(config.bearer?.authority)));
    state.record({ operation: 'Autodiscover.xml', user: null, status: 401 }, arrived);
    return;
  }
  const request = readPoxRequest(xml);
  const body =
    'error' in request
      ? request.error
      : poxResponse(
          state.store.find(request.email),
          request.email,
          config.urls.ewsUrl,
          config.urls.host,
        );
  send(res, { status: 200, headers: { 'Content-Type': XML_CONTENT_TYPE }, body });
  state.record({ operation: 'Autodiscover.xml', user: credentials.email, status: 200 }, arrived);
}

async function handleAdmin(
  config: ServerConfig,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    sendJson(res, 403, { error: 'The admin API answers loopback clients only.' });
    return;
  }
  const raw = await readBody(req);
  let body: unknown = undefined;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { error: 'The body is not JSON.' });
      return;
    }
  }
  const reply = answerAdmin(
    config.state,
    (req.method ?? 'GET').toUpperCase(),
    url.pathname.slice('/admin'.length),
    url.searchParams,
    body,
  );
  config.state.notifications.observe();
  sendJson(res, reply.status, reply.body);
}

async function route(
  config: ServerConfig,
  recorder: Recorder,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const arrived = Date.now();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname.toLowerCase();
  const method = (req.method ?? 'GET').toUpperCase();
  // The Graph face checks its own tokens (Graph's audience and scopes), before the EWS rules.
  if (config.graph !== undefined && (path === '/v1.0' || path.startsWith('/v1.0/'))) {
    await handleGraph(config.graph, config.state, req, res, arrived);
    return;
  }
  if (config.bearer !== undefined) {
    // A verified token stands for its user's credentials from here on; any other Bearer is dropped.
    const authorization = await resolveBearer(
      req.headers.authorization,
      config.state.store.credentials,
      config.bearer.verify,
      config.bearer.authority.basic !== false,
    );
    if (authorization === undefined) delete req.headers.authorization;
    else req.headers.authorization = authorization;
  }
  // IIS authenticates before the handler runs: NTLM answers every method on these paths.
  let ntlmUser: string | undefined;
  if (
    config.ntlm !== undefined &&
    (path === '/ews/exchange.asmx' || path === '/autodiscover/autodiscover.xml')
  ) {
    const gate = config.ntlm.accept(req);
    if ('reply' in gate) {
      req.resume();
      send(res, gate.reply);
      config.state.record({ operation: 'NTLM', user: null, status: gate.reply.status }, arrived);
      return;
    }
    ntlmUser = gate.user;
  }
  if (path === '/ews/exchange.asmx') {
    if (method !== 'POST') {
      send(res, { status: 405, headers: { Allow: 'POST' }, body: '' });
      return;
    }
    await handleEws(config, recorder, req, res, arrived, ntlmUser);
    return;
  }
  const json = /^\/autodiscover\/autodiscover\.json\/v1\.0\/([^/]+)$/.exec(path);
  if (json && method === 'GET') {
    const reply = autodiscoverJson(
      url.searchParams.get('Protocol') ?? url.searchParams.get('protocol'),
      config.urls.ewsUrl,
    );
    sendJson(res, reply.status, reply.body);
    config.state.record(
      { operation: 'Autodiscover.json', user: null, status: reply.status },
      arrived,
    );
    return;
  }
  if (path === '/autodiscover/autodiscover.xml' && method === 'POST') {
    await handleAutodiscoverXml(config, req, res, arrived, ntlmUser);
    return;
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    await handleAdmin(config, req, res, url);
    return;
  }
  send(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not found' });
}

export function createSimulatorServer(config: ServerConfig): Server {
  const recorder = new Recorder(config.recordDir);
  if (config.graph !== undefined && recorder.recording) {
    config.graph.record = (operation, request, response) => {
      recorder.write(operation, request, response, 'http');
    };
  }
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(config, recorder, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError && !res.headersSent) {
        if (!error.drained) res.on('finish', () => req.socket.destroy());
        send(res, {
          status: 413,
          headers: { 'Content-Type': 'text/plain', Connection: 'close' },
          body: 'Request Entity Too Large',
        });
      } else if (!res.headersSent) {
        send(res, {
          status: 500,
          headers: { 'Content-Type': 'text/plain' },
          body: `simulator error: ${error instanceof Error ? error.message : String(error)}`,
        });
      } else {
        res.destroy();
      }
    });
  };
  return config.tls ? createHttpsServer(config.tls, handler) : createHttpServer(handler);
}

export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
