/**
 * A real companion (on the schema-strict simulator) with the local API turned on at a free port,
 * and small HTTP helpers that speak to it over real sockets.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import type { Harness, TestCompanion } from '../companion/support.js';
import { started } from '../companion/support.js';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { freePort } from '../../support/loopback-port.js';

export { freePort };

export interface ApiUnderTest extends TestCompanion {
  port: number;
  token: string;
  base: string;
  snapshot(): Snapshot;
}

/** Starts a companion, turns the API on with these settings, and reads the token. */
export async function apiCompanion(
  harness: Harness,
  api: { openRead?: boolean; corsOrigins?: string[] } = {},
): Promise<ApiUnderTest> {
  const test = await started(await harness.companion());
  const port = await freePort();
  await test.ok({
    type: 'update-settings',
    settings: { sharing: { api: { enabled: true, port, ...api } } },
  });
  await test.companion.whenIdle();
  const revealed = await test.companion.execute({ type: 'reveal-presence-api-token' });
  if (!revealed.ok || revealed.secret === undefined) throw new Error('no token');
  const snapshot = (): Snapshot => test.companion.getSnapshot();
  expect(snapshot().sharing.api).toMatchObject({
    state: 'listening',
    url: `http://127.0.0.1:${port}`,
  });
  return { ...test, port, token: revealed.secret, base: `http://127.0.0.1:${port}`, snapshot };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One HTTP request over a real socket; `host` overrides the Host header. */
export function call(
  port: number,
  method: string,
  pathname: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path: pathname, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const bearer = (token: string): Record<string, string> => ({
  Authorization: `Bearer ${token}`,
});

/** The JSON Schema block the README publishes (between its markers). */
export function readmeJsonSchema(): { text: string; schema: Record<string, unknown> } {
  const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
  const match =
    /<!-- presence-api-schema:start -->\s*```json\n([\s\S]*?)```\s*<!-- presence-api-schema:end -->/.exec(
      readme,
    );
  if (match?.[1] === undefined) throw new Error('README has no presence API JSON Schema block');
  return { text: match[1], schema: JSON.parse(match[1]) as Record<string, unknown> };
}

/** Validators for the README's published schema, one per definition. */
export function publishedValidators(): Record<
  'presence' | 'contactPresence' | 'error' | 'manualRequest',
  (value: unknown) => boolean
> {
  const { schema } = readmeJsonSchema();
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema(schema, 'beacon');
  const of = (name: string) => {
    const validate = ajv.getSchema(`beacon#/$defs/${name}`);
    if (validate === undefined) throw new Error(`no $defs/${name}`);
    return (value: unknown): boolean => {
      const ok = validate(value) as boolean;
      if (!ok) console.error(name, JSON.stringify(validate.errors));
      return ok;
    };
  };
  return {
    presence: of('presence'),
    contactPresence: of('contactPresence'),
    error: of('error'),
    manualRequest: of('manualRequest'),
  };
}
