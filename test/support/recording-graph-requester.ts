/**
 * TEST DOUBLE at the GraphRequester seam: records every request the Graph operations build and
 * answers from a script. Answers are parsed with the operation's own zod schema, and a schema
 * failure becomes GraphError('malformed') as the real transport makes it, so decoding is real.
 * The next step runs the same operations through the real transport against the simulator's
 * Graph face; this double exists only while that face is being built.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ZodType } from 'zod';
import { GraphError } from '../../src-main/graph/errors.js';
import type {
  GraphBatchResult,
  GraphRequest,
  GraphRequester,
} from '../../src-main/graph/requester.js';

export type ScriptedAnswer =
  | { json: unknown }
  | { noBody: true }
  | { bytes: { contentType: string; body: Uint8Array } }
  | { error: GraphError };

export class RecordingGraphRequester implements GraphRequester {
  readonly requests: GraphRequest[] = [];
  private readonly script: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[] = []) {
    this.script = [...answers];
  }

  answer(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  get pending(): number {
    return this.script.length;
  }

  json<T>(request: GraphRequest, schema: ZodType<T>): Promise<T> {
    const answer = this.next(request);
    if ('error' in answer) return Promise.reject(answer.error);
    if ('bytes' in answer) return Promise.reject(new Error('scripted bytes for a json request'));
    const parsed = schema.safeParse('noBody' in answer ? undefined : answer.json);
    if (!parsed.success)
      return Promise.reject(
        new GraphError(
          'malformed',
          `The answer to ${request.method} ${request.path} is not as expected`,
          {
            cause: parsed.error,
          },
        ),
      );
    return Promise.resolve(parsed.data);
  }

  bytes(request: GraphRequest): Promise<{ contentType: string; body: Uint8Array }> {
    const answer = this.next(request);
    if ('error' in answer) return Promise.reject(answer.error);
    if (!('bytes' in answer)) return Promise.reject(new Error('scripted json for a bytes request'));
    return Promise.resolve(answer.bytes);
  }

  private next(request: GraphRequest): ScriptedAnswer {
    this.requests.push(structuredClone(request));
    const answer = this.script.shift();
    if (answer === undefined)
      throw new Error(`No scripted answer for ${request.method} ${request.path}`);
    return answer;
  }
}

/**
 * The same double with `$batch`: each batch call is recorded (the request lists in
 * `batches`), and each inner request is answered from the script in order, its failure being
 * that request's result, as the transport's batch gives them.
 */
export class BatchingRecordingGraphRequester extends RecordingGraphRequester {
  readonly batches: GraphRequest[][] = [];

  async batch<T>(
    requests: readonly GraphRequest[],
    schemas: ZodType<T> | readonly ZodType<T>[],
  ): Promise<GraphBatchResult<T>[]> {
    this.batches.push(requests.map((r) => structuredClone(r)));
    const results: GraphBatchResult<T>[] = [];
    for (const [i, request] of requests.entries()) {
      const schema = Array.isArray(schemas) ? (schemas as readonly ZodType<T>[])[i] : schemas;
      try {
        results.push({ ok: true, value: await this.json(request, schema as ZodType<T>) });
      } catch (error) {
        if (!(error instanceof GraphError)) throw error;
        results.push({ ok: false, error });
      }
    }
    return results;
  }
}

/** The Graph corpus beside the checkout (../shared/graph-corpus). */
export const GRAPH_CORPUS = resolve(import.meta.dirname, '../../../shared/graph-corpus');

export function corpusJson(file: string): unknown {
  return JSON.parse(readFileSync(resolve(GRAPH_CORPUS, file), 'utf8'));
}

/** A documented `.http` answer split into status line, headers and body (text). */
export function corpusHttp(file: string): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  const text = readFileSync(resolve(GRAPH_CORPUS, file), 'utf8');
  const [head = '', ...rest] = text.split(/\r?\n\r?\n/);
  const [statusLine = '', ...headerLines] = head.split(/\r?\n/);
  const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers, body: rest.join('\n\n').replace(/\n$/, '') };
}

/** A GraphError as the transport throws it for an HTTP failure. */
export function httpError(status: number, code?: string): GraphError {
  const kind = status === 404 ? 'not-found' : status >= 500 ? 'server' : 'bad-request';
  return new GraphError(kind, `HTTP ${status}`, { status, code });
}
