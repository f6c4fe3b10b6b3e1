/**
 * One webhook call over undici: TLS verified against the system's roots plus the trusted private
 * CA, redirects never followed (a 3xx is reported, not chased), a deadline for the whole call,
 * and the answer's body read only to free the connection (at most 64 KiB).
 */
import { rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import type { SharingProblem } from '../../core/contract.js';
import { networkProblemOf, statusProblemOf } from './problem.js';
import type { HookRequest } from './template.js';

export const HOOK_TIMEOUT_MS = 5_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export type CallOutcome =
  { ok: true; status: number } | { ok: false; problem: SharingProblem; status?: number };

/** A connection pool for the hooks; `extraCa` is added to Node's roots, never in their place. */
export function createHookDispatcher(extraCa: string | undefined, timeoutMs: number): Dispatcher {
  return new Agent({
    connect: {
      rejectUnauthorized: true,
      timeout: timeoutMs,
      ...(extraCa === undefined ? {} : { ca: [...rootCertificates, extraCa] }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 4,
  });
}

export async function callHook(
  req: HookRequest,
  dispatcher: Dispatcher,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<CallOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs ?? HOOK_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    const answer = await request(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: req.body }),
      dispatcher,
      signal,
    });
    await answer.body.dump({ limit: MAX_ANSWER_BYTES }).catch(() => undefined);
    const problem = statusProblemOf(answer.statusCode);
    return problem === undefined
      ? { ok: true, status: answer.statusCode }
      : { ok: false, problem, status: answer.statusCode };
  } catch (error) {
    return { ok: false, problem: deadline.aborted ? 'timeout' : networkProblemOf(error) };
  }
}
