import { createInterface } from 'node:readline';

/**
 * The password comes from BEACON_PASSWORD or an interactive prompt, never from a flag (flags
 * end up in shell history and process lists).
 */
export async function readPassword(
  user: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const fromEnv = env.BEACON_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY)
    throw new Error('No password: set BEACON_PASSWORD or run in a terminal to be asked');
  return promptHidden(`Password for ${user}: `);
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing of what is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stderr.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
