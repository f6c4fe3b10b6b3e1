/**
 * MQTT against a real Mosquitto (TLS with a per-run CA, a password file made by mosquitto_passwd),
 * with the real sharing service following a real Snapshot store and a real keychain for the
 * broker password. A second MQTT client reads what Beacon published.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttSettings, SharingStatus } from '../../../src-main/core/contract.js';
import { createMqttPart, type MqttPart } from '../../../src-main/sharing/mqtt/mqtt-part.js';
import { startMosquitto, type Mosquitto } from '../../support/mosquitto.js';
import { startHarness, startKeychain, type Harness, type Keychain } from './harness.js';

const BEACON = { name: 'beacon', password: 'light-pass-1' };
const OBSERVER = { name: 'observer', password: 'observer-pass' };

let broker: Mosquitto;
let keychain: Keychain;
let harness: Harness | undefined;
let part: MqttPart | undefined;
let observer: MqttClient | undefined;
let trustCa = true;

interface Seen {
  topic: string;
  payload: string;
  retain: boolean;
}

beforeAll(async () => {
  [broker, keychain] = await Promise.all([startMosquitto([BEACON, OBSERVER]), startKeychain()]);
}, 30_000);

afterAll(async () => {
  await broker.stop();
  await keychain.stop();
});

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  part = undefined;
  await observer?.endAsync(true);
  observer = undefined;
  trustCa = true;
});

function settings(overrides: Partial<MqttSettings> = {}): MqttSettings {
  return {
    enabled: true,
    url: broker.tlsUrl,
    username: BEACON.name,
    topicPrefix: 'beacon',
    homeAssistant: true,
    discoveryPrefix: 'homeassistant',
    ...overrides,
  };
}

async function start(mqttSettings: MqttSettings, password: string | null = BEACON.password) {
  const url = mqttSettings.url ?? '';
  if (password === null) await keychain.secrets.delete(`mqtt:${url}`);
  else await keychain.secrets.set(`mqtt:${url}`, password);
  const h = startHarness({
    secrets: keychain.secrets,
    parts: {
      mqtt: (context) => {
        part = createMqttPart(context, {
          extraCa: () => (trustCa ? broker.caPem : undefined),
          backoff: { baseMs: 300, maxMs: 1_000 },
        });
        return part;
      },
    },
  });
  harness = h;
  await h.setSharing({ mqtt: mqttSettings });
  return h;
}

/** A second client that records every message under `filter` (retained ones first). */
async function observe(filter = '#'): Promise<Seen[]> {
  const seen: Seen[] = [];
  const client = await mqtt.connectAsync(broker.url, {
    username: OBSERVER.name,
    password: OBSERVER.password,
    reconnectPeriod: 200,
  });
  observer = client;
  client.on('message', (topic, payload, packet) => {
    seen.push({ topic, payload: payload.toString('utf8'), retain: packet.retain });
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return seen;
}

function mqttStatus(h: Harness): SharingStatus['mqtt'] {
  return h.store.getSnapshot().sharing.mqtt;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Not in time: ${what}\n${await broker.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const last = (seen: Seen[], topic: string): Seen | undefined =>
  seen.filter((m) => m.topic === topic).at(-1);

const PRESENCE = 'beacon/ada_contoso_com/presence';
const STATUS = 'beacon/ada_contoso_com/status';
const SENSOR = 'homeassistant/sensor/beacon_ada_contoso_com/presence/config';
const BUSY = 'homeassistant/binary_sensor/beacon_ada_contoso_com/busy/config';

describe('MQTT', () => {
  it('publishes retained presence, online and Home Assistant discovery over TLS with the keychain password', async () => {
    const h = await start(settings());
    await until(() => mqttStatus(h).state === 'connected', 'connected');
    expect(mqttStatus(h)).toEqual({ state: 'connected', hasPassword: true });

    // A client that arrives later reads the retained messages.
    const seen = await observe();
    await until(() => [PRESENCE, STATUS, SENSOR, BUSY].every((t) => last(seen, t)), 'retained');
    expect(last(seen, STATUS)).toEqual({ topic: STATUS, payload: 'online', retain: true });
    const presence = JSON.parse(last(seen, PRESENCE)?.payload ?? '') as Record<string, unknown>;
    expect(presence).toMatchObject({
      availability: 'available',
      activity: 'Free for the rest of the day',
      until: null,
      oof: false,
      colour: '#3f9a1c',
      note: '',
      busy: false,
    });
    expect(presence.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const sensor = JSON.parse(last(seen, SENSOR)?.payload ?? '') as Record<string, unknown>;
    expect(sensor).toMatchObject({
      unique_id: 'beacon_ada_contoso_com_presence',
      state_topic: PRESENCE,
      json_attributes_topic: PRESENCE,
      availability_topic: STATUS,
      payload_available: 'online',
      payload_not_available: 'offline',
      device: { identifiers: ['beacon_ada_contoso_com'], manufacturer: 'Beacon' },
    });
    const busy = JSON.parse(last(seen, BUSY)?.payload ?? '') as Record<string, unknown>;
    expect(busy).toMatchObject({ state_topic: PRESENCE, availability_topic: STATUS });

    // A change a light can show is published (retained); a recompute that changes nothing is not.
    const before = seen.length;
    h.setPresence({ availability: 'busy', note: 'Design review "v2"' });
    await until(() => seen.length > before, 'busy published');
    h.setPresence({ availability: 'busy', note: 'Design review "v2"', source: 'manual' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = seen.slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]?.topic).toBe(PRESENCE);
    expect(JSON.parse(after[0]?.payload ?? '')).toMatchObject({
      availability: 'busy',
      note: 'Design review "v2"',
      colour: '#c4314b',
      busy: true,
    });
  });

  it('the broker says offline (the last will) when the connection dies, and Beacon comes back', async () => {
    const h = await start(settings());
    await until(() => mqttStatus(h).state === 'connected', 'connected');
    const seen = await observe(STATUS);
    await until(() => last(seen, STATUS)?.payload === 'online', 'online');
    const count = seen.length;
    part?.currentClient()?.stream.destroy();
    await until(() => seen.slice(count).some((m) => m.payload === 'offline'), 'last will');
    await until(() => last(seen, STATUS)?.payload === 'online', 'back online');
    expect(seen.slice(count).map((m) => m.payload)).toEqual(['offline', 'online']);
    expect(mqttStatus(h).state).toBe('connected');
  });

  it('reconnects with back-off after the broker restarts', async () => {
    const h = await start(settings());
    await until(() => mqttStatus(h).state === 'connected', 'connected');
    await broker.restart();
    await until(
      () => mqttStatus(h).retryAt !== undefined || mqttStatus(h).state !== 'connected',
      'noticed',
    );
    await until(() => mqttStatus(h).state === 'connected', 'reconnected', 15_000);
    expect(mqttStatus(h).retryAt).toBeUndefined();
    // The broker lost its retained messages with the restart: Beacon published them again.
    const seen = await observe();
    await until(
      () => last(seen, PRESENCE) !== undefined && last(seen, STATUS) !== undefined,
      'retained again',
    );
    expect(last(seen, STATUS)?.payload).toBe('online');
  });

  it('a wrong password is auth-refused and not retried; the right one connects at once', async () => {
    const h = await start(settings(), 'wrong-password');
    await until(() => mqttStatus(h).state === 'failed', 'failed');
    expect(mqttStatus(h)).toEqual({ state: 'failed', problem: 'auth-refused', hasPassword: true });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(mqttStatus(h).state).toBe('failed');
    expect((await broker.log()).match(/not authorised/gi)?.length ?? 0).toBe(1);

    const result = await h.service.handlers['set-mqtt-password']?.({
      type: 'set-mqtt-password',
      password: BEACON.password,
    });
    expect(result).toEqual({ ok: true });
    expect(await keychain.secrets.get(`mqtt:${broker.tlsUrl}`)).toBe(BEACON.password);
    await until(() => mqttStatus(h).state === 'connected', 'connected');
    expect(JSON.stringify(h.store.getSnapshot())).not.toContain(BEACON.password);
  });

  it('a broker that never answers times out and is retried; changing settings meanwhile is safe', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const h = startHarness({
        secrets: keychain.secrets,
        parts: {
          mqtt: (context) =>
            createMqttPart(context, {
              connectTimeoutMs: 300,
              backoff: { baseMs: 200, maxMs: 400 },
            }),
        },
      });
      harness = h;
      await h.setSharing({ mqtt: settings({ url: `mqtt://127.0.0.1:${port}` }) });
      await until(() => mqttStatus(h).problem === 'timeout', 'timeout');
      expect(mqttStatus(h).state).toBe('failed');
      expect(mqttStatus(h).retryAt).toMatch(/^\d{4}-/);
      // A new setting while an attempt waits for its CONNACK: the old client ends quietly.
      await until(() => mqttStatus(h).state === 'connecting', 'retrying');
      await h.setSharing({ mqtt: settings({ url: `mqtt://127.0.0.1:${port}`, topicPrefix: 'x' }) });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(mqttStatus(h).problem).toBe('timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) =>
        silent.close(() => {
          resolve();
        }),
      );
    }
  });

  it('refuses an untrusted certificate and plain MQTT to another computer', async () => {
    trustCa = false;
    const h = await start(settings());
    await until(() => mqttStatus(h).state === 'failed', 'failed');
    expect(mqttStatus(h)).toMatchObject({ problem: 'certificate' });
    expect(mqttStatus(h).retryAt).toBeUndefined();

    await h.setSharing({ mqtt: settings({ url: 'mqtt://192.0.2.1:1883' }) });
    await until(() => mqttStatus(h).problem === 'insecure-url', 'insecure');
    expect(mqttStatus(h).state).toBe('failed');
  });

  it('turning MQTT off or signing out says offline and ends the session', async () => {
    const h = await start(settings());
    await until(() => mqttStatus(h).state === 'connected', 'connected');
    const seen = await observe();
    await until(() => last(seen, STATUS)?.payload === 'online', 'online');

    await h.setSharing({ mqtt: settings({ enabled: false }) });
    await until(() => last(seen, STATUS)?.payload === 'offline', 'offline on disable');
    expect(mqttStatus(h).state).toBe('off');
    expect(part?.currentClient()).toBeUndefined();

    await h.setSharing({ mqtt: settings() });
    await until(() => last(seen, STATUS)?.payload === 'online', 'online again');
    const count = seen.length;
    h.store.update({
      account: { mode: 'signed-out', mailbox: '', displayName: '', signIn: 'signed-out' },
    });
    h.setPresence({
      availability: 'offline',
      activity: { kind: 'none' },
      activityText: '',
      source: 'signed-out',
    });
    await until(() => last(seen, STATUS)?.payload === 'offline', 'offline on sign-out');
    const messages = seen.slice(count);
    expect(messages.map((m) => m.topic)).toEqual([PRESENCE, STATUS]);
    expect(JSON.parse(messages[0]?.payload ?? '')).toMatchObject({ availability: 'offline' });
    await until(() => mqttStatus(h).state === 'off', 'off');
  });
});
