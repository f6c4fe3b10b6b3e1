import { isEwsError } from '../ews/errors.js';
import { connectionHelp } from './connection.js';
import { decodeCommand, decodeUsage, decodableOperations } from './commands/decode.js';
import {
  autodiscoverCommand,
  autodiscoverUsage,
  availabilityCommand,
  availabilityUsage,
  calendarCommand,
  calendarUsage,
  oofCommand,
  oofUsage,
  voicemailCommand,
  voicemailUsage,
} from './commands/remote.js';
import { simCommand, simUsage } from './commands/sim.js';
import { oneLine, UsageError } from './output.js';

const usage = `Usage:
  ${simUsage}
  ${decodeUsage}
      Operations: ${decodableOperations.join(', ')} (others: response codes only)
  ${autodiscoverUsage}
  ${oofUsage.split('\n').join('\n  ')}
  ${availabilityUsage}
  ${calendarUsage}
  ${voicemailUsage}

${connectionHelp}`;

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim': {
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
    case 'decode': {
      const { json, exitCode } = await decodeCommand(rest);
      print(json);
      return exitCode;
    }
    case 'autodiscover':
      await autodiscoverCommand(rest, print);
      return 0;
    case 'oof':
      await oofCommand(rest, print);
      return 0;
    case 'availability':
      await availabilityCommand(rest, print);
      return 0;
    case 'calendar':
      await calendarCommand(rest, print);
      return 0;
    case 'voicemail':
      await voicemailCommand(rest, print);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      print(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/** Failures print one line (no stack trace): usage errors exit 2, everything else 1. */
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`beacon: ${error.message}\nRun "beacon help" for usage.\n`);
      process.exitCode = 2;
      return;
    }
    const prefix = isEwsError(error) ? `${error.kind} error` : 'error';
    process.stderr.write(`beacon: ${prefix}: ${oneLine(error)}\n`);
    process.exitCode = 1;
  },
);
