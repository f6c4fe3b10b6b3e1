/**
 * TEST DOUBLE at the edge of the Graph operations (the GraphRequester seam): it records every
 * request an operation builds and answers from a queue, parsing each queued JSON body with the
 * operation's own zod schema exactly as the real transport does. It stands in for the transport
 * only until these operations run against the simulator's Graph face through the real transport.
 */
import type { ZodType } from 'zod';
import type { GraphRequest, GraphRequester } from '../../../../src-main/graph/requester.js';

export type QueuedAnswer =
  { json: unknown } | { bytes: { contentType: string; body: Uint8Array } } | { fail: unknown };

export class RecordingRequester implements GraphRequester {
  readonly requests: GraphRequest[] = [];
  private readonly queue: QueuedAnswer[];

  constructor(answers: readonly QueuedAnswer[]) {
    this.queue = [...answers];
  }

  /** Answers not yet used: a test asserts 0 so an operation cannot stop early unnoticed. */
  get unused(): number {
    return this.queue.length;
  }

  private next(request: GraphRequest): QueuedAnswer {
    this.requests.push(request);
    const answer = this.queue.shift();
    if (answer === undefined)
      throw new Error(`No answer queued for ${request.method} ${request.path}`);
    if ('fail' in answer) throw answer.fail;
    return answer;
  }

  async json<T>(request: GraphRequest, schema: ZodType<T>): Promise<T> {
    await Promise.resolve();
    const answer = this.next(request);
    if (!('json' in answer)) throw new Error('A bytes answer was queued for a JSON request');
    // The transport parses JSON text; a round trip through text keeps the double honest.
    const body: unknown =
      answer.json === undefined ? undefined : JSON.parse(JSON.stringify(answer.json));
    return schema.parse(body);
  }

  async bytes(request: GraphRequest): Promise<{ contentType: string; body: Uint8Array }> {
    await Promise.resolve();
    const answer = this.next(request);
    if (!('bytes' in answer)) throw new Error('A JSON answer was queued for a bytes request');
    return answer.bytes;
  }
}

/**
 * TEST DOUBLE of the transport's typed failure: only the fields the operations read
 * (`status`, `code`, `kind`), as the transport's GraphError carries them.
 */
export class FailureDouble extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly kind: string,
  ) {
    super(`${kind} ${status ?? ''} ${code ?? ''}`.trim());
    this.name = 'FailureDouble';
  }
}
