/**
 * The requests the simulator answered with a server error of its own (5xx without an injected
 * fault), as "operation status" lines. On the Graph face an answer that does not validate against
 * the CSDL is such a 500, and the companion may ride over it (a retry, the last good state kept)
 * while the window looks right: a suite asks this at its end, on either backend, and expects none.
 * The log is per HTTP request: a request inside a Graph `$batch` answers inside the envelope's 200
 * and is not seen here.
 */
import type { SimAdmin } from '../support/sim-admin.js';

export async function serverErrors(admin: SimAdmin): Promise<string[]> {
  return (await admin.requests())
    .filter((r) => r.status >= 500 && r.fault === undefined)
    .map((r) => `${r.operation} ${String(r.status)}`);
}
