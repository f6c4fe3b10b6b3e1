/**
 * The shell's log: one line per event in `<data folder>/logs/main.log`, rotated at 1 MB (one
 * old file kept). Nothing secret is ever logged; the core's errors carry no credentials.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_ROTATE_BYTES = 1024 * 1024;

export type Log = (line: string) => void;

export function createFileLog(dir: string, now: () => Date = () => new Date()): Log {
  const file = path.join(dir, 'main.log');
  let ready = false;
  return (line) => {
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        ready = true;
      }
      try {
        if (statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
      } catch {
        // No log yet.
      }
      appendFileSync(file, `${now().toISOString()} ${line.replace(/[\r\n]+/g, ' ')}\n`, {
        mode: 0o600,
      });
    } catch {
      // A log that cannot be written must never take the app down.
    }
  };
}
