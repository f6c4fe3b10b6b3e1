/**
 * The local presence API over real sockets, on a real companion and the schema-strict simulator:
 * every answer matches the zod schema and the JSON Schema the README publishes; Host, Origin and
 * token checks refuse what they must; writes change the Snapshot through the window's command.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { started, useCompanionHarness } from '../companion/support.js';
import {
  ContactPresenceDocumentSchema,
  ErrorDocumentSchema,
  PresenceDocumentSchema,
  presenceApiJsonSchema,
} from '../../../src-main/sharing/api/schema.js';
import {
  apiCompanion,
  bearer,
  call,
  freePort,
  publishedValidators,
  readmeJsonSchema,
} from './api-support.js';

const harness = useCompanionHarness();
const json = { 'Content-Type': 'application/json' };

describe('the presence API schema', () => {
  it('the README publishes the JSON Schema generated from the zod schemas, as it is now', () => {
    expect(isDeepStrictEqual(readmeJsonSchema().schema, presenceApiJsonSchema())).toBe(true);
  });
});

describe('the local presence API', () => {
  it('GET /v1/presence answers the current presence in schema version 1', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const answer = await call(api.port, 'GET', '/v1/presence', { headers: bearer(api.token) });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const document = PresenceDocumentSchema.parse(answer.json);
    expect(valid.presence(answer.json)).toBe(true);
    const presence = api.snapshot().presence;
    expect(document).toMatchObject({
      schemaVersion: 1,
      availability: presence.availability,
      activity: presence.activity,
      activityText: presence.activityText,
      oof: presence.oof,
      idle: presence.idle,
      source: presence.source,
    });
    // The demo's "Design review" runs at NOW: the calendar says so, not a canned value.
    expect(document.availability).toBe('in-a-meeting');
  });

  it('refuses reads without the token, and with a wrong one (401, JSON error)', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const none = await call(api.port, 'GET', '/v1/presence');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="beacon"');
    expect(ErrorDocumentSchema.parse(none.json).error.code).toBe('unauthorized');
    expect(valid.error(none.json)).toBe(true);
    const wrong = await call(api.port, 'GET', '/v1/presence', { headers: bearer('x'.repeat(43)) });
    expect(wrong.status).toBe(401);
    expect(ErrorDocumentSchema.parse(wrong.json).error.message).toMatch(/token is wrong/);
  });

  it('writes need the right token; with it, the Snapshot changes through the window’s command', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const body = JSON.stringify({
      availability: 'do-not-disturb',
      note: 'Recording',
      expiry: '1h',
    });
    expect(valid.manualRequest(JSON.parse(body))).toBe(true);

    const without = await call(api.port, 'PUT', '/v1/presence/manual', { headers: json, body });
    expect(without.status).toBe(401);
    const wrong = await call(api.port, 'PUT', '/v1/presence/manual', {
      headers: { ...json, ...bearer(`${api.token.slice(0, -1)}A`) },
      body,
    });
    expect(wrong.status).toBe(401);
    expect(api.snapshot().manual).toBeNull();
    expect(api.snapshot().presence.availability).toBe('in-a-meeting');

    const right = await call(api.port, 'PUT', '/v1/presence/manual', {
      headers: { ...json, ...bearer(api.token) },
      body,
    });
    expect(right.status).toBe(200);
    expect(valid.presence(right.json)).toBe(true);
    const document = PresenceDocumentSchema.parse(right.json);
    expect(document).toMatchObject({
      availability: 'do-not-disturb',
      note: 'Recording',
      source: 'manual',
      // One hour after the fake clock's NOW (2025-06-10T17:07Z).
      manualExpiresAt: '2025-06-10T18:07:00.000Z',
    });
    expect(api.snapshot().manual).toEqual({
      availability: 'do-not-disturb',
      note: 'Recording',
      expiresAt: '2025-06-10T18:07:00.000Z',
    });
    expect(api.snapshot().presence.availability).toBe('do-not-disturb');

    const reset = await call(api.port, 'DELETE', '/v1/presence/manual', {
      headers: bearer(api.token),
    });
    expect(reset.status).toBe(200);
    expect(PresenceDocumentSchema.parse(reset.json).availability).toBe('in-a-meeting');
    expect(api.snapshot().manual).toBeNull();
  });

  it('open read lets anyone on this machine read, but writing still needs the token', async () => {
    const api = await apiCompanion(harness, { openRead: true });
    const read = await call(api.port, 'GET', '/v1/presence');
    expect(read.status).toBe(200);
    expect(PresenceDocumentSchema.parse(read.json).schemaVersion).toBe(1);
    const write = await call(api.port, 'DELETE', '/v1/presence/manual');
    expect(write.status).toBe(401);
    // A wrong token is wrong even where none is needed.
    const wrong = await call(api.port, 'GET', '/v1/presence', { headers: bearer('nope') });
    expect(wrong.status).toBe(401);
  });

  it('refuses a rebound Host (421) and a missing one (400) before any route runs', async () => {
    const api = await apiCompanion(harness, { openRead: true });
    const evil = await call(api.port, 'GET', '/v1/presence', {
      headers: { ...bearer(api.token), Host: `evil.example:${api.port}` },
    });
    expect(evil.status).toBe(421);
    expect(ErrorDocumentSchema.parse(evil.json).error.code).toBe('misdirected-request');
    const bare = await call(api.port, 'GET', '/v1/presence', { headers: { Host: 'evil.example' } });
    expect(bare.status).toBe(421);
    const localhost = await call(api.port, 'GET', '/v1/presence', {
      headers: { Host: `localhost:${api.port}` },
    });
    expect(localhost.status).toBe(200);
    // HTTP/1.0 lets a client leave Host out; node's client cannot, so speak raw.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(api.port, '127.0.0.1', () => {
        socket.end('GET /v1/presence HTTP/1.0\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => {
        resolve(text);
      });
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 400 /);
  });

  it('CORS: an unlisted origin gets no allow header; a listed one may only GET', async () => {
    const api = await apiCompanion(harness, { corsOrigins: ['https://intranet.example'] });
    const preflight = (origin: string, method: string) =>
      call(api.port, 'OPTIONS', '/v1/presence', {
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': 'authorization',
        },
      });
    const unlisted = await preflight('https://evil.example', 'GET');
    expect(unlisted.status).toBe(403);
    expect(Object.keys(unlisted.headers).filter((h) => h.startsWith('access-control-'))).toEqual(
      [],
    );
    const listed = await preflight('https://intranet.example', 'GET');
    expect(listed.status).toBe(204);
    expect(listed.headers['access-control-allow-origin']).toBe('https://intranet.example');
    expect(listed.headers['access-control-allow-methods']).toBe('GET');
    expect(listed.headers['access-control-allow-credentials']).toBeUndefined();

    const read = await call(api.port, 'GET', '/v1/presence', {
      headers: { Origin: 'https://intranet.example', ...bearer(api.token) },
    });
    expect(read.status).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBe('https://intranet.example');
    const unlistedRead = await call(api.port, 'GET', '/v1/presence', {
      headers: { Origin: 'https://evil.example', ...bearer(api.token) },
    });
    expect(unlistedRead.status).toBe(403);
    expect(unlistedRead.headers['access-control-allow-origin']).toBeUndefined();
    // Even with the token, a page may not write.
    const write = await call(api.port, 'DELETE', '/v1/presence/manual', {
      headers: { Origin: 'https://intranet.example', ...bearer(api.token) },
    });
    expect(write.status).toBe(405);
    expect(api.snapshot().manual).toBeNull();
  });

  it('bad requests get a JSON error that says what is wrong, and change nothing', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const auth = { ...json, ...bearer(api.token) };
    const cases: {
      method: string;
      path: string;
      body?: string;
      headers?: Record<string, string>;
      status: number;
      code: string;
      message?: RegExp;
    }[] = [
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: '{"availability":',
        status: 400,
        code: 'bad-request',
        message: /not valid JSON/,
      },
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: '{"availability":"in-a-meeting"}',
        status: 400,
        code: 'bad-request',
        message: /availability/,
      },
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: '{"availability":"busy","extra":1}',
        status: 400,
        code: 'bad-request',
        message: /extra/,
      },
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: JSON.stringify({ availability: 'busy', note: 'x'.repeat(201) }),
        status: 400,
        code: 'bad-request',
        message: /note/,
      },
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: JSON.stringify({ availability: 'busy', note: 'x'.repeat(9000) }),
        status: 413,
        code: 'payload-too-large',
      },
      {
        method: 'PUT',
        path: '/v1/presence/manual',
        body: '{"availability":"busy"}',
        headers: { ...bearer(api.token), 'Content-Type': 'text/plain' },
        status: 415,
        code: 'unsupported-media-type',
      },
      { method: 'POST', path: '/v1/presence', status: 405, code: 'method-not-allowed' },
      { method: 'GET', path: '/v1/presence/manual', status: 405, code: 'method-not-allowed' },
      { method: 'GET', path: '/v2/presence', status: 404, code: 'not-found' },
    ];
    for (const c of cases) {
      const answer = await call(api.port, c.method, c.path, {
        headers: c.headers ?? auth,
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      expect({ at: `${c.method} ${c.path}`, status: answer.status }).toEqual({
        at: `${c.method} ${c.path}`,
        status: c.status,
      });
      const error = ErrorDocumentSchema.parse(answer.json).error;
      expect(valid.error(answer.json)).toBe(true);
      expect(error.code).toBe(c.code);
      if (c.message) expect(error.message).toMatch(c.message);
      if (c.status === 405) expect(answer.headers.allow).toMatch(/GET|PUT/);
    }
    expect(api.snapshot().manual).toBeNull();
  });

  it('a contact Beacon tracks is answered from the Snapshot; anyone else is 404', async () => {
    const api = await apiCompanion(harness);
    const valid = publishedValidators();
    const contact = api.snapshot().contacts[0];
    expect(contact).toBeDefined();
    if (contact === undefined) return;
    const answer = await call(
      api.port,
      'GET',
      `/v1/contacts/${encodeURIComponent(contact.address.toUpperCase())}/presence`,
      { headers: bearer(api.token) },
    );
    expect(answer.status).toBe(200);
    expect(valid.contactPresence(answer.json)).toBe(true);
    expect(ContactPresenceDocumentSchema.parse(answer.json)).toMatchObject({
      address: contact.address,
      name: contact.name,
      availability: contact.presence.availability,
      source: contact.presence.source,
    });
    const requestsBefore = (await harness.admin.requests()).length;
    const stranger = await call(
      api.port,
      'GET',
      '/v1/contacts/nobody%40elsewhere.example/presence',
      {
        headers: bearer(api.token),
      },
    );
    expect(stranger.status).toBe(404);
    expect(ErrorDocumentSchema.parse(stranger.json).error.code).toBe('not-found');
    expect((await harness.admin.requests()).length).toBe(requestsBefore);
  });

  it('the token: a 0600 file, only its hint in the Snapshot; regenerate retires the old one', async () => {
    const api = await apiCompanion(harness);
    const file = path.join(api.dataDir, 'presence-api-token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(api.token);
    expect(api.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(api.token, 'base64url')).toHaveLength(32);
    expect(api.snapshot().sharing.api.tokenHint).toBe(api.token.slice(-4));
    expect(JSON.stringify(api.snapshot())).not.toContain(api.token);

    const regenerated = await api.companion.execute({ type: 'regenerate-presence-api-token' });
    expect(regenerated.ok).toBe(true);
    const fresh = regenerated.ok ? (regenerated.secret ?? '') : '';
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(api.token);
    expect((await readFile(file, 'utf8')).trim()).toBe(fresh);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(api.snapshot().sharing.api.tokenHint).toBe(fresh.slice(-4));
    const old = await call(api.port, 'GET', '/v1/presence', { headers: bearer(api.token) });
    expect(old.status).toBe(401);
    const now = await call(api.port, 'GET', '/v1/presence', { headers: bearer(fresh) });
    expect(now.status).toBe(200);
  });

  it('names a token made in an earlier run while the API is off, without creating one', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-sharing-'));
    try {
      const token = 'A'.repeat(39) + 'wxyz';
      await writeFile(path.join(dataDir, 'presence-api-token'), `${token}\n`, { mode: 0o600 });
      const test = await started(await harness.companion({ dataDir }));
      await expect
        .poll(() => test.companion.getSnapshot().sharing.api, { timeout: 5000 })
        .toEqual({ state: 'off', tokenHint: 'wxyz' });
      const fresh = await mkdtemp(path.join(tmpdir(), 'beacon-sharing-'));
      const other = await started(await harness.companion({ dataDir: fresh }));
      expect(other.companion.getSnapshot().sharing.api).toEqual({ state: 'off' });
      await expect(stat(path.join(fresh, 'presence-api-token'))).rejects.toThrow(/ENOENT/);
      await other.companion.stop();
      await rm(fresh, { recursive: true, force: true });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a port already in use fails with port-in-use; turning it off and on again recovers', async () => {
    const api = await apiCompanion(harness);
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      await api.ok({ type: 'update-settings', settings: { sharing: { api: { port } } } });
      await api.companion.whenIdle();
      expect(api.snapshot().sharing.api).toEqual({
        state: 'failed',
        problem: 'port-in-use',
        tokenHint: api.token.slice(-4),
      });
      // The old port was let go with the change.
      await expect(call(api.port, 'GET', '/v1/presence')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await new Promise<void>((resolve) =>
        busy.close(() => {
          resolve();
        }),
      );
    }
    await api.ok({ type: 'update-settings', settings: { sharing: { api: { enabled: false } } } });
    await api.companion.whenIdle();
    expect(api.snapshot().sharing.api.state).toBe('off');
    await api.ok({ type: 'update-settings', settings: { sharing: { api: { enabled: true } } } });
    await api.companion.whenIdle();
    expect(api.snapshot().sharing.api).toMatchObject({
      state: 'listening',
      url: `http://127.0.0.1:${port}`,
    });
  });
});
