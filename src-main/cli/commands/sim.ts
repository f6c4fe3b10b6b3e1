import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunningSimulator } from '../../sim/index.js';
import { UsageError } from '../output.js';

export const simUsage =
  'beacon sim [--port N] [--host ADDR] [--https] [--strict|--no-strict] [--record DIR] [--seed demo|empty]';

/** Runs the EWS simulator until interrupted and prints where to reach it. */
export async function simCommand(
  argv: string[],
  print: (line: string) => void,
): Promise<RunningSimulator> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      https: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: true },
      'no-strict': { type: 'boolean', default: false },
      record: { type: 'string' },
      seed: { type: 'string', default: 'demo' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, not ${values.port}`);
  if (values.seed !== 'demo' && values.seed !== 'empty')
    throw new UsageError('--seed must be demo or empty');
  // Loaded here, not at the top: the simulator (schema validator, TLS) costs about a second of
  // start-up that every other command would otherwise pay.
  const { startSimulator } = await import('../../sim/index.js');
  const sim = await startSimulator({
    port,
    host: values.host,
    https: values.https,
    strict: values.strict && !values['no-strict'],
    seed: values.seed,
    ...(values.record !== undefined ? { recordDir: values.record } : {}),
  });
  print(`EWS URL:   ${sim.ewsUrl}`);
  print(`Graph URL: ${sim.graphUrl}`);
  print(`Admin URL: ${sim.adminUrl}`);
  if (sim.caPem !== undefined) {
    // Clients need the certificate to trust the simulator: hand it over as a file.
    const caFile = path.join(tmpdir(), `beacon-sim-${new URL(sim.baseUrl).port}-ca.pem`);
    await writeFile(caFile, sim.caPem);
    print(`TLS:       self-signed certificate ${caFile} (pass --ca or NODE_EXTRA_CA_CERTS)`);
  }
  print('Users (Basic password / Bearer token):');
  for (const user of sim.users)
    print(`  ${user.email}  "${user.displayName}"  password=${user.password}  token=${user.token}`);
  return sim;
}
