/**
 * POST /$batch (JSON batching): up to 20 requests, each routed through the same router as the
 * same caller with its own status, headers and body; `dependsOn` runs a request after the ones it
 * names and answers 424 when one of them failed. A malformed batch (not JSON batching, over 20,
 * duplicate ids, an unknown or circular dependsOn) is a 400 for the whole; otherwise the batch is
 * 200 whatever the inner statuses. The requests run one at a time, in dependency order.
 */
import { z } from 'zod';
import { GraphError } from '../errors.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';

export const MAX_BATCH = 20;

const innerSchema = z.object({
  id: z.string().min(1),
  method: z.string().min(1),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
  dependsOn: z.array(z.string()).optional(),
});
const batchSchema = z.object({ requests: z.array(innerSchema).min(1) });
type Inner = z.infer<typeof innerSchema>;

function order(requests: readonly Inner[]): Inner[] {
  const byId = new Map(requests.map((r) => [r.id, r]));
  if (byId.size !== requests.length)
    throw new GraphError(400, 'BadRequest', 'Batch request ids must be unique.');
  for (const r of requests) {
    for (const d of r.dependsOn ?? []) {
      if (!byId.has(d))
        throw new GraphError(
          400,
          'BadRequest',
          `Request ${r.id} depends on ${d}, which the batch does not hold.`,
        );
    }
  }
  const done = new Set<string>();
  const sorted: Inner[] = [];
  while (sorted.length < requests.length) {
    const ready = requests.filter(
      (r) => !done.has(r.id) && (r.dependsOn ?? []).every((d) => done.has(d)),
    );
    if (ready.length === 0)
      throw new GraphError(400, 'BadRequest', 'The dependsOn chain of the batch is circular.');
    for (const r of ready) {
      done.add(r.id);
      sorted.push(r);
    }
  }
  return sorted;
}

function innerError(status: number, code: string, message: string): GraphReply {
  return { status, json: { error: { code, message } } };
}

function responseOf(id: string, reply: GraphReply): Record<string, unknown> {
  const headers: Record<string, string> = { ...reply.headers };
  let body: unknown = reply.json;
  if (reply.bytes !== undefined) {
    headers['Content-Type'] = reply.bytes.contentType;
    body = reply.bytes.body.toString('base64');
  } else if (reply.json !== undefined) {
    headers['Content-Type'] =
      'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  }
  return { id, status: reply.status, headers, ...(body === undefined ? {} : { body }) };
}

async function batch(request: GraphRequest): Promise<GraphReply> {
  const parsed = batchSchema.safeParse(request.body);
  if (!parsed.success)
    throw new GraphError(
      400,
      'BadRequest',
      `Invalid batch payload: ${z.prettifyError(parsed.error)}`,
    );
  const { requests } = parsed.data;
  if (requests.length > MAX_BATCH) {
    throw new GraphError(
      400,
      'BadRequest',
      `The batch holds ${requests.length} requests; at most ${MAX_BATCH} are allowed.`,
    );
  }
  const replies = new Map<string, GraphReply>();
  for (const inner of order(requests)) {
    replies.set(inner.id, await run(inner, replies, request));
  }
  return {
    status: 200,
    json: {
      responses: requests.map((r) =>
        responseOf(r.id, replies.get(r.id) ?? innerError(500, 'generalException', 'not run')),
      ),
    },
  };
}

async function run(
  inner: Inner,
  replies: ReadonlyMap<string, GraphReply>,
  outer: GraphRequest,
): Promise<GraphReply> {
  const failed = (inner.dependsOn ?? []).find((d) => (replies.get(d)?.status ?? 500) >= 400);
  if (failed !== undefined)
    return innerError(
      424,
      'FailedDependency',
      `Request ${failed}, on which this one depends, failed.`,
    );
  if (/^[a-z]+:/i.test(inner.url))
    return innerError(400, 'BadRequest', 'A batch request url is relative to the service root.');
  const url = inner.url.startsWith('/') ? inner.url : `/${inner.url}`;
  if (/^\/\$batch(\?|$)/i.test(url))
    return innerError(400, 'BadRequest', 'A batch cannot hold a batch.');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(inner.headers ?? {}))
    headers[name.toLowerCase()] = value;
  if (inner.body !== undefined && headers['content-type'] === undefined) {
    return innerError(
      400,
      'BadRequest',
      'Content-Type header must be specified for a request with a body.',
    );
  }
  // The batch's own client-request-id does not pass to the requests inside.
  return outer.dispatch({
    method: inner.method,
    url,
    headers,
    body: inner.body,
    bodyIsText: false,
    batchId: inner.id,
  });
}

export const batchRoutes: GraphRouteModule = {
  name: 'batch',
  routes: [{ method: 'POST', path: '/$batch', scopes: [], handle: batch }],
};
