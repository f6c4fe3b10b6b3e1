import { isEwsError } from '../ews/errors.js';
import { isMailboxError } from '../mailbox/errors.js';
import { oneLine, UsageError } from './output.js';

// Commands load their modules on demand: `decode` should not pay for the network stack, nor
// anything but `sim` for the simulator.
const loadDecode = (): Promise<typeof import('./commands/decode.js')> =>
  import('./commands/decode.js');
const loadRemote = (): Promise<typeof import('./commands/remote.js')> =>
  import('./commands/remote.js');

async function usage(): Promise<string> {
  const [decode, remote, sim, connection, status, account] = await Promise.all([
    loadDecode(),
    loadRemote(),
    import('./commands/sim.js'),
    import('./connection.js'),
    import('./commands/status.js'),
    import('./commands/account.js'),
  ]);
  return `Usage:
  ${status.statusUsage}
  ${account.signinUsage}
  ${account.signoutUsage}
  ${account.accountUsage}
  ${sim.simUsage}
  ${decode.decodeUsage}
      Operations: ${decode.decodableOperations.join(', ')} (others: response codes only)
  ${remote.autodiscoverUsage}
  ${remote.oofUsage.split('\n').join('\n  ')}
  ${remote.availabilityUsage}
  ${remote.calendarUsage}
  ${remote.voicemailUsage.split('\n').join('\n  ')}

${connection.connectionHelp}`;
}

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim': {
      const { simCommand } = await import('./commands/sim.js');
      const sim = await simCommand(rest, print);
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const)
          process.once(signal, () => {
            resolve();
          });
      });
      await sim.close();
      return 0;
    }
    case 'status': {
      const { statusCommand } = await import('./commands/status.js');
      return statusCommand(rest, print);
    }
    case 'signin':
      return (await import('./commands/account.js')).signinCommand(rest, print);
    case 'signout':
      return (await import('./commands/account.js')).signoutCommand(rest, print);
    case 'account':
      return (await import('./commands/account.js')).accountCommand(rest, print);
    case 'decode': {
      const { json, exitCode } = await (await loadDecode()).decodeCommand(rest);
      print(json);
      return exitCode;
    }
    case 'autodiscover':
      await (await loadRemote()).autodiscoverCommand(rest, print);
      return 0;
    case 'oof':
      await (await loadRemote()).oofCommand(rest, print);
      return 0;
    case 'availability':
      await (await loadRemote()).availabilityCommand(rest, print);
      return 0;
    case 'calendar':
      await (await loadRemote()).calendarCommand(rest, print);
      return 0;
    case 'voicemail':
      await (await loadRemote()).voicemailCommand(rest, print);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      print(await usage());
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/** node:util parseArgs rejects unknown options and bad values: that is wrong usage too. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Failures print one line (no stack trace): usage errors exit 2, everything else 1. */
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`beacon: ${error.message}\nRun "beacon help" for usage.\n`);
      process.exitCode = 2;
      return;
    }
    const prefix = isEwsError(error) || isMailboxError(error) ? `${error.kind} error` : 'error';
    process.stderr.write(`beacon: ${prefix}: ${oneLine(error)}\n`);
    process.exitCode = 1;
  },
);
