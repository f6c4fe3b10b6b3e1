/**
 * The sharing service on a real Snapshot store: it starts, restarts and stops each part as
 * settings.sharing changes, hands every presence change to running parts, and puts the parts'
 * status in the Snapshot. The part here is a recording one at the SharingPart seam.
 */
import { describe, expect, it } from 'vitest';
import {
  SettingsSchema,
  type PresenceApiSettings,
  type SharingStatus,
} from '../../../src-main/core/contract.js';
import { createSnapshotStore, initialSnapshot } from '../../../src-main/core/store.js';
import type {
  SharedPresence,
  SharingContext,
  SharingPart,
} from '../../../src-main/sharing/part.js';
import { createSharingService } from '../../../src-main/sharing/service.js';

function setup() {
  const settings = SettingsSchema.parse({});
  const store = createSnapshotStore(
    initialSnapshot({
      account: { mode: 'signed-out', mailbox: '', displayName: '', signIn: 'signed-out' },
      settings,
    }),
  );
  const calls: string[] = [];
  const heard: SharedPresence[] = [];
  let context: SharingContext | undefined;
  let status: SharingStatus['api'] = { state: 'off' };
  const part: SharingPart<'api'> = {
    start: (slice: PresenceApiSettings) => {
      calls.push(`start ${slice.port} ${slice.openRead}`);
      status = { state: 'listening', url: `http://127.0.0.1:${slice.port}` };
      context?.statusChanged();
      return Promise.resolve();
    },
    stop: () => {
      calls.push('stop');
      status = { state: 'off' };
      context?.statusChanged();
      return Promise.resolve();
    },
    onPresence: (p) => heard.push(p),
    status: () => status,
    handlers: { 'reveal-presence-api-token': () => Promise.resolve({ ok: true, secret: 's' }) },
  };
  const service = createSharingService({
    store,
    dataDir: '/nowhere',
    now: () => new Date('2026-01-01T00:00:00Z'),
    execute: () => Promise.resolve({ ok: true }),
    parts: {
      api: (c) => {
        context = c;
        return part;
      },
    },
  });
  const api = (patch: Partial<PresenceApiSettings>) => {
    const current = store.getSnapshot().settings;
    store.setSettings({
      ...current,
      sharing: { ...current.sharing, api: { ...current.sharing.api, ...patch } },
    });
  };
  return { store, service, calls, heard, api };
}

describe('the sharing service', () => {
  it('starts a part when its settings turn it on, restarts it on change, stops it when off', async () => {
    const { store, service, calls, api } = setup();
    service.start();
    await service.whenIdle();
    expect(calls).toEqual([]);
    api({ enabled: true, port: 50_000 });
    await service.whenIdle();
    expect(store.getSnapshot().sharing.api).toEqual({
      state: 'listening',
      url: 'http://127.0.0.1:50000',
    });
    api({ openRead: true });
    // Another settings change that leaves the API's slice alone starts nothing.
    store.setSettings({ ...store.getSnapshot().settings, locale: 'ko' });
    api({ enabled: false });
    await service.whenIdle();
    expect(calls).toEqual(['start 50000 false', 'start 50000 true', 'stop']);
    expect(store.getSnapshot().sharing.api).toEqual({ state: 'off' });
  });

  it('hands each presence change to running parts only', async () => {
    const { store, service, heard, api } = setup();
    service.start();
    store.setPresence({ ...store.getSnapshot().presence, note: 'before' });
    expect(heard).toEqual([]);
    api({ enabled: true });
    await service.whenIdle();
    store.setPresence({ ...store.getSnapshot().presence, note: 'after' });
    expect(heard.map((p) => p.presence.note)).toEqual(['after']);
    expect(heard[0]?.updatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('stops running parts when it stops, and offers their commands', async () => {
    const { service, calls, api } = setup();
    service.start();
    api({ enabled: true });
    await service.whenIdle();
    await service.stop();
    expect(calls.at(-1)).toBe('stop');
    expect(Object.keys(service.handlers)).toEqual(['reveal-presence-api-token']);
  });

  it('corrects a status a cached Snapshot remembered from the last run', async () => {
    const { store, service } = setup();
    store.update({
      sharing: {
        ...store.getSnapshot().sharing,
        api: { state: 'listening', url: 'http://127.0.0.1:1' },
      },
    });
    service.start();
    await service.whenIdle();
    expect(store.getSnapshot().sharing.api).toEqual({ state: 'off' });
  });
});
