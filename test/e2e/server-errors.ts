/**
 * What the simulator found wrong with a run, as lines: the requests it answered with a server
 * error of its own (5xx without an injected fault, "operation status"), and every Graph body that
 * failed the CSDL ("CSDL request|response METHOD path", with the `$batch` request's id), whether
 * Beacon sent it or the simulator answered it. On the Graph face an answer failing the CSDL is
 * such a 500 and a request failing it a 400, and the companion may ride over either (a retry, the
 * last good state kept) while the window looks right; inside a `$batch` both hide behind the
 * envelope's 200, so the request log alone cannot show them. A suite asks this at its end, on
 * either backend, and expects none.
 */
import type { SimAdmin } from '../support/sim-admin.js';

export async function serverErrors(admin: SimAdmin): Promise<string[]> {
  const [requests, violations] = await Promise.all([admin.requests(), admin.graphViolations()]);
  return [
    ...requests
      .filter((r) => r.status >= 500 && r.fault === undefined)
      .map((r) => `${r.operation} ${String(r.status)}`),
    ...violations.map(
      (v) =>
        `CSDL ${v.side} ${v.method} ${v.path}${v.batchId === undefined ? '' : ` ($batch ${v.batchId})`}: ${v.violations
          .map((x) => `${x.path} ${x.message}`)
          .join('; ')}`,
    ),
  ];
}
