/**
 * The local API's HTTP server (plain node:http, 127.0.0.1 only). Every request passes the Host
 * check, the Origin check and, for its route, the token check; bodies are capped and parsed with
 * zod; every answer is JSON (or the event stream) with a clear error message.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { Command, CommandResult, Contact } from '../../core/contract.js';
import { checkAccess, checkHost, checkOrigin, corsHeaders } from './guard.js';
import {
  ContactPresenceDocumentSchema,
  ManualRequestSchema,
  SCHEMA_VERSION,
  type ContactPresenceDocument,
  type ErrorDocument,
  type PresenceDocument,
} from './schema.js';
import { DEFAULT_SSE_OPTIONS, SseHub, presenceFrame, type SseOptions } from './sse.js';

/** The largest request body accepted (a manual status is well under 1 KiB). */
export const MAX_BODY_BYTES = 8 * 1024;

export interface ApiServerDeps {
  /** The current presence document and its event id. */
  current(): { id: number; document: PresenceDocument };
  contacts(): readonly Contact[];
  execute(command: Command): Promise<CommandResult>;
  token(): Promise<string>;
  sse?: Partial<SseOptions>;
}

export interface ApiServerConfig {
  openRead: boolean;
  corsOrigins: readonly string[];
}

type ErrorCode = ErrorDocument['error']['code'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const ROUTES: { pattern: RegExp; methods: readonly string[] }[] = [
  { pattern: /^\/v1\/presence$/, methods: ['GET'] },
  { pattern: /^\/v1\/presence\/stream$/, methods: ['GET'] },
  { pattern: /^\/v1\/presence\/manual$/, methods: ['PUT', 'DELETE'] },
  { pattern: /^\/v1\/contacts\/([^/]+)\/presence$/, methods: ['GET'] },
];

export class PresenceApiServer {
  private server: Server | undefined;
  private port = 0;
  private config: ApiServerConfig = { openRead: false, corsOrigins: [] };
  private readonly hub: SseHub;

  constructor(private readonly deps: ApiServerDeps) {
    this.hub = new SseHub({ ...DEFAULT_SSE_OPTIONS, ...deps.sse });
  }

  get listeningPort(): number | undefined {
    return this.server === undefined ? undefined : this.port;
  }

  get streamClients(): number {
    return this.hub.size;
  }

  get droppedStreamClients(): number {
    return this.hub.droppedCount;
  }

  configure(config: ApiServerConfig): void {
    this.config = config;
  }

  /** Listens on 127.0.0.1:`port` (0: any free port); rejects with the listen error (EADDRINUSE…). */
  async listen(port: number): Promise<number> {
    await this.close();
    const server = createServer({ requestTimeout: 15_000, headersTimeout: 10_000 }, (req, res) => {
      void this.handle(req, res);
    });
    server.maxHeadersCount = 50;
    server.maxConnections = DEFAULT_SSE_OPTIONS.maxClients + 64;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.hub.closeAll();
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });
  }

  /** Ends the stream and the hub's timer for good. */
  async stop(): Promise<void> {
    await this.close();
    this.hub.stop();
  }

  /** A new presence for every stream. */
  publish(id: number, document: PresenceDocument): void {
    this.hub.broadcast(presenceFrame(id, JSON.stringify(document)));
  }

  /** The token changed: streams opened with the old one end (open readers reconnect at once). */
  endStreams(): void {
    this.hub.closeAll();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let cors: Record<string, string> = {};
    try {
      const host = checkHost(req.headers.host, this.port);
      if (!host.ok)
        throw host.status === 400
          ? new HttpError(400, 'bad-request', 'The Host header is missing or malformed.')
          : new HttpError(
              421,
              'misdirected-request',
              `This server answers only as 127.0.0.1:${this.port} or localhost:${this.port}.`,
            );
      const origin = checkOrigin(req.headers.origin, this.config.corsOrigins);
      if (origin.kind === 'refused')
        throw new HttpError(403, 'refused', 'This origin is not allowed to use the presence API.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        if (origin.kind !== 'allowed')
          throw new HttpError(403, 'refused', 'Cross-origin requests need an allowed origin.');
        res.writeHead(204, corsHeaders(origin.origin, true)).end();
        return;
      }
      if (origin.kind === 'allowed') {
        cors = corsHeaders(origin.origin, false);
        if (method !== 'GET')
          throw new HttpError(405, 'method-not-allowed', 'Browser pages may only read.', {
            Allow: 'GET',
          });
      }
      const route = ROUTES.find((r) => r.pattern.test(url.pathname));
      if (route === undefined) throw new HttpError(404, 'not-found', 'There is no such resource.');
      if (!route.methods.includes(method))
        throw new HttpError(
          405,
          'method-not-allowed',
          `${method} is not allowed here; use ${route.methods.join(' or ')}.`,
          { Allow: route.methods.join(', ') },
        );
      const write = method !== 'GET';
      const access = checkAccess({
        authorization: req.headers.authorization,
        token: await this.deps.token(),
        write,
        openRead: this.config.openRead,
      });
      if (access !== 'granted')
        throw new HttpError(
          401,
          'unauthorized',
          access === 'wrong'
            ? 'The token is wrong. Copy the current one from Beacon’s Settings.'
            : write
              ? 'Changing presence needs the token: Authorization: Bearer <token>.'
              : 'Reading presence needs the token: Authorization: Bearer <token>.',
          { 'WWW-Authenticate': 'Bearer realm="beacon"' },
        );
      await this.route(url.pathname, method, req, res, cors);
    } catch (error) {
      const failure =
        error instanceof HttpError
          ? error
          : new HttpError(500, 'internal', 'Something went wrong inside Beacon.');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body we did not read keeps the connection busy: close it after the answer.
      const close: Record<string, string> = req.complete ? {} : { Connection: 'close' };
      sendJson(res, failure.status, errorDocument(failure.code, failure.message), {
        ...cors,
        ...failure.headers,
        ...close,
      });
    }
  }

  private async route(
    path: string,
    method: string,
    req: IncomingMessage,
    res: ServerResponse,
    cors: Record<string, string>,
  ): Promise<void> {
    if (path === '/v1/presence') {
      sendJson(res, 200, this.deps.current().document, cors);
      return;
    }
    if (path === '/v1/presence/stream') {
      if (this.hub.full)
        throw new HttpError(503, 'refused', 'Too many streams are open; try again later.');
      const { id, document } = this.deps.current();
      this.hub.add(res, cors, presenceFrame(id, JSON.stringify(document)));
      return;
    }
    if (path === '/v1/presence/manual') {
      let command: Command;
      if (method === 'PUT') {
        const body = parseBody(ManualRequestSchema, await readJson(req));
        command = {
          type: 'set-manual-status',
          availability: body.availability,
          note: body.note ?? '',
          expiry: body.expiry ?? 'never',
        };
      } else {
        command = { type: 'reset-status' };
      }
      const result = await this.deps.execute(command);
      if (!result.ok) throw new HttpError(409, 'refused', result.error.message);
      sendJson(res, 200, this.deps.current().document, cors);
      return;
    }
    const match = /^\/v1\/contacts\/([^/]+)\/presence$/.exec(path);
    const address = decodeAddress(match?.[1]);
    const contact =
      address === undefined
        ? undefined
        : this.deps.contacts().find((c) => c.address.toLowerCase() === address.toLowerCase());
    if (contact === undefined)
      throw new HttpError(404, 'not-found', 'Beacon does not track a contact with this address.');
    sendJson(res, 200, contactDocument(contact), cors);
  }
}

function decodeAddress(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function contactDocument(contact: Contact): ContactPresenceDocument {
  const p = contact.presence;
  const document: ContactPresenceDocument = {
    schemaVersion: SCHEMA_VERSION,
    address: contact.address,
    name: contact.name,
    availability: p.availability,
    activity: p.activity,
    activityText: p.activityText,
    oof: p.oof,
    note: p.note,
    idle: p.idle,
    source: p.source,
  };
  if (p.updatedAt !== undefined) document.updatedAt = p.updatedAt;
  return ContactPresenceDocumentSchema.parse(document);
}

export function errorDocument(code: ErrorCode, message: string): ErrorDocument {
  return { error: { code, message } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new HttpError(415, 'unsupported-media-type', 'Send the body as application/json.');
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'bad-request', 'The body is not valid JSON.');
  }
}

function tooLarge(): HttpError {
  return new HttpError(
    413,
    'payload-too-large',
    `The body may be at most ${MAX_BODY_BYTES} bytes.`,
  );
}

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const where = result.error.issues
    .map((i) => `${i.path.length === 0 ? 'body' : i.path.map(String).join('.')}: ${i.message}`)
    .join('; ');
  throw new HttpError(400, 'bad-request', `The request is not valid: ${where}`);
}
