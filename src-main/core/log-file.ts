/**
 * The log of a Beacon process (the desktop app, the web shell): one line per event in
 * `<dir>/<file>`, rotated at 1 MB (one old file kept). Nothing secret is ever logged, and as a
 * second line of defence the secrets the process knows (the web shell's token) and anything that
 * looks like a credential in a URL or a header are blanked before a line is written.
 * Plain Node: no Electron, so both shells use it.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_ROTATE_BYTES = 1024 * 1024;

export type Log = (line: string) => void;

export interface FileLogOptions {
  /** The file's name in `dir`; default `main.log`. */
  fileName?: string;
  /** Values never to write (blanked wherever they appear), read at each line. */
  secrets?: () => readonly string[];
}

const REDACTED = '[redacted]';

/**
 * One line as it may be written: on one line, known secrets blanked, and `token=`, `password=`,
 * `Bearer …`, `Basic …` and `user:pass@` forms blanked whatever their value. Pure.
 */
export function logLine(line: string, secrets: readonly string[] = []): string {
  let text = line.replace(/[\r\n]+/g, ' ');
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join(REDACTED);
  }
  return text
    .replace(/\b(token|password|passwd|pwd|access_token)=[^\s&;,"']+/gi, `$1=${REDACTED}`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
    .replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, `//${REDACTED}@`);
}

export function createFileLog(
  dir: string,
  now: () => Date = () => new Date(),
  options: FileLogOptions = {},
): Log {
  const file = path.join(dir, options.fileName ?? 'main.log');
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
      const text = logLine(line, options.secrets?.() ?? []);
      appendFileSync(file, `${now().toISOString()} ${text}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the app down.
    }
  };
}
