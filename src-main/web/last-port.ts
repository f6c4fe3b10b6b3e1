/**
 * The port the web shell last listened on, per data folder (`<dataDir>/web-port`). Without
 * `--port` the shell asks for the same port again, so a page left open finds it after a restart
 * (its origin includes the port); when that port is taken, any free port will do.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const PORT_FILE_NAME = 'web-port';

/** A port worth asking for again: 1024-65535 (0 means "any", below 1024 needs privileges). */
export function parseStoredPort(text: string): number | undefined {
  const value = text.trim();
  if (!/^\d{4,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1024 && port <= 65535 ? port : undefined;
}

export async function readLastPort(dataDir: string): Promise<number | undefined> {
  try {
    return parseStoredPort(await readFile(path.join(dataDir, PORT_FILE_NAME), 'utf8'));
  } catch {
    // Missing or unreadable: a free port is as good; the file is only a convenience.
    return undefined;
  }
}

export async function writeLastPort(dataDir: string, port: number): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dataDir, PORT_FILE_NAME), `${String(port)}\n`, { mode: 0o600 });
}
