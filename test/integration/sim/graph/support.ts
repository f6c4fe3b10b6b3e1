/**
 * Helpers for the Graph face's integration tests: real HTTP requests to a running simulator's
 * `/v1.0`, corpus requests read from ../shared/graph-corpus and replayed with the host swapped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetch } from 'undici';
import { CsdlSchemaChecker } from '../../../../src-main/sim/graph/csdl-checker.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../../src-main/sim/index.js';

/** A fixed "now": Tuesday 10 June 2025, 17:07 UTC (10:07 in Pacific daylight time). */
export const NOW = new Date('2025-06-10T17:07:00Z');
export const ALEX = 'alex@beacon.test';
export const NESTOR = 'nestor@beacon.test';

/**
 * A simulator whose Graph face checks every request and response body against the CSDL: a
 * response that fails comes back as a 500, so any test that reads it fails.
 */
export function startGraphSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    strict: false,
    now: () => NOW,
    graphChecker: CsdlSchemaChecker.load(),
    ...options,
  });
}

export const CORPUS = join(process.cwd(), '..', 'shared', 'graph-corpus');

export interface GraphResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export function tokenOf(sim: RunningSimulator, email: string): string {
  const user = sim.users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.token;
}

/** One request to the Graph face as `user` (a static token) or with an explicit Authorization. */
/** A corpus request sent as documented (headers and body), host and version swapped. */
export function replay(
  sim: RunningSimulator,
  request: CorpusRequest,
  options: { user?: string; path?: string; body?: string } = {},
): Promise<GraphResult> {
  const headers = { ...request.headers };
  delete headers['Content-Length'];
  delete headers['Content-length'];
  delete headers['Host'];
  delete headers['Authorization'];
  const body = options.body ?? request.body;
  return graph(sim, request.method, options.path ?? request.path, {
    ...(options.user === undefined ? {} : { user: options.user }),
    headers,
    ...(body === '' ? {} : { rawBody: body }),
  });
}

export async function graph(
  sim: RunningSimulator,
  method: string,
  path: string,
  options: {
    user?: string;
    authorization?: string | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphResult> {
  const headers: Record<string, string> = { ...options.headers };
  const authorization =
    options.authorization === undefined
      ? `Bearer ${tokenOf(sim, options.user ?? 'alex@beacon.test')}`
      : options.authorization;
  if (authorization !== null) headers['Authorization'] = authorization;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const url = /^https?:/.test(path) ? path : `${sim.graphUrl}${path}`;
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '')
    json = JSON.parse(text);
  return { status: res.status, headers: res.headers as unknown as Headers, text, json };
}

export interface CorpusRequest {
  method: string;
  /** Below /v1.0 (the documented host and version removed). */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A documented request (`<folder>/<name>.request.http`), as printed, host and version removed. */
export function corpusRequest(file: string): CorpusRequest {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
  const [line = '', ...headerLines] = head.split(/\r?\n/);
  // The target may hold spaces ($search="a" OR "b"); a trailing HTTP version is not part of it.
  const spaced = /^(\S+)\s+(.*?)(?:\s+HTTP\/\d\.\d)?$/.exec(line.trim());
  const method = spaced?.[1] ?? 'GET';
  const target = spaced?.[2] ?? '/';
  const path = target
    .replace(/^https:\/\/graph\.microsoft\.com/, '')
    .replace(/^\/(v1\.0|beta)/, '');
  const headers: Record<string, string> = {};
  for (const h of headerLines) {
    const colon = h.indexOf(':');
    if (colon > 0) headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return { method, path, headers, body: rest.join('\n\n').trim() };
}

export function corpusJson(file: string): unknown {
  return JSON.parse(readFileSync(join(CORPUS, file), 'utf8'));
}

/** The `error` of a Graph error body, asserted to have Graph's shape. */
export function graphError(result: GraphResult): {
  code: string;
  message: string;
  innerError: Record<string, string>;
} {
  const body = result.json as {
    error?: { code: string; message: string; innerError: Record<string, string> };
  };
  if (body.error === undefined)
    throw new Error(`not a Graph error (${result.status}): ${result.text}`);
  return body.error;
}
