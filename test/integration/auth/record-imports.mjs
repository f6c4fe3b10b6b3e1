/**
 * Module hooks for msal-lazy-child.ts: every URL the process resolves is appended, one a line,
 * to the file named in the data passed to register().
 */
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
