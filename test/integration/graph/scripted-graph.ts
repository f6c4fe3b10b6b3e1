/**
 * A scripted Graph server for the transport's tests: real HTTPS on a random loopback port with a
 * fresh CA (passed to the transport as `extraCa`, the way the companion passes a trusted CA).
 * Each request is answered by the next scripted handler (or 200 `{}`) and recorded; the server
 * counts how many requests it holds at once. `useScriptedGraph()` is a test file's whole set-up:
 * one server for the file, transports to it closed and the script cleared after each test.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { GraphError } from '../../../src-main/graph/errors.js';
import {
  GraphTransport,
  type GraphTransportOptions,
} from '../../../src-main/graph/transport/graph-transport.js';
import { selfSignedCertificate } from '../../../src-main/sim/index.js';
import { FakeClock } from '../../support/fake-clock.js';

export const GRAPH_CORPUS = resolve(import.meta.dirname, '../../../../shared/graph-corpus');

/** A corpus body as text, exactly as documented. */
export function corpusText(file: string): string {
  return readFileSync(resolve(GRAPH_CORPUS, file), 'utf8');
}

export interface SeenRequest {
  method: string;
  /** Path and query as sent on the request line. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface ScriptedGraph {
  /** The service root: https://127.0.0.1:<port>/v1.0 */
  baseUrl: string;
  origin: string;
  caPem: string;
  seen: SeenRequest[];
  /** Answers in order; when empty, 200 `{}`. */
  handlers: Handler[];
  /** The most requests the server held at once. */
  maxInFlight(): number;
  reset(): void;
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

export async function startScriptedGraph(): Promise<ScriptedGraph> {
  const { key, cert } = await selfSignedCertificate();
  let inFlight = 0;
  let most = 0;
  const state: Pick<ScriptedGraph, 'seen' | 'handlers'> = { seen: [], handlers: [] };
  const server: Server = createServer({ key, cert }, (req, res) => {
    inFlight++;
    most = Math.max(most, inFlight);
    let done = false;
    const finished = (): void => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('close', finished);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      state.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const handler = state.handlers.shift() ?? json(200, {});
      handler(req, res, body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/v1.0`,
    origin,
    caPem: cert,
    get seen() {
      return state.seen;
    },
    get handlers() {
      return state.handlers;
    },
    set handlers(list: Handler[]) {
      state.handlers = list;
    },
    maxInFlight: () => most,
    reset() {
      state.seen = [];
      state.handlers = [];
      most = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

export interface ScriptedGraphSuite {
  /** The file's server (its fields read the running one; use inside tests and hooks). */
  graph: ScriptedGraph;
  /**
   * A transport to the server: its CA trusted, token 'token-1', jitter fixed at 0.5, waits on a
   * fake clock; `extra` overrides any of it. Closed after the test.
   */
  transport: (extra?: Partial<GraphTransportOptions>) => GraphTransport;
}

/**
 * Registers the file's hooks: the server starts before the first test and stops after the last;
 * after each test the transports it made are closed and the server's script and record cleared.
 */
export function useScriptedGraph(): ScriptedGraphSuite {
  let server: ScriptedGraph | undefined;
  const open: GraphTransport[] = [];
  const running = (): ScriptedGraph => {
    if (server === undefined) throw new Error('The scripted Graph server runs only inside tests');
    return server;
  };
  beforeAll(async () => {
    server = await startScriptedGraph();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
    running().reset();
  });
  afterAll(async () => {
    await server?.close();
  });
  const graph: ScriptedGraph = {
    get baseUrl() {
      return running().baseUrl;
    },
    get origin() {
      return running().origin;
    },
    get caPem() {
      return running().caPem;
    },
    get seen() {
      return running().seen;
    },
    get handlers() {
      return running().handlers;
    },
    set handlers(list: Handler[]) {
      running().handlers = list;
    },
    maxInFlight: () => running().maxInFlight(),
    reset: () => {
      running().reset();
    },
    close: () => running().close(),
  };
  return {
    graph,
    transport: (extra = {}) => {
      const t = new GraphTransport({
        baseUrl: graph.baseUrl,
        extraCa: graph.caPem,
        tokenProvider: () => Promise.resolve('token-1'),
        random: () => 0.5,
        clock: new FakeClock(),
        ...extra,
      });
      open.push(t);
      return t;
    },
  };
}

/** The GraphError a request failed with; anything else (or success) fails the test. */
export async function failure(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}
