import { describe, expect, it } from 'vitest';
import type { AgendaItem, Presence, Snapshot } from '../../../src-main/core/contract.js';
import { DEFAULT_SETTINGS } from '../../../src-main/core/settings.js';
import { SHARING_OFF, createSnapshotStore, initialSnapshot } from '../../../src-main/core/store.js';
import { sampleSnapshot } from './sample-snapshot.js';

const available: Presence = {
  availability: 'available',
  idle: false,
  oof: false,
  note: '',
  activity: { kind: 'free-until', until: '2026-11-27T13:00:00.000Z' },
  activityText: 'Free until 14:00',
  nextChange: '2026-11-27T13:00:00.000Z',
  source: 'automatic',
};

function recordingStore(initial: Snapshot = sampleSnapshot()) {
  const store = createSnapshotStore(initial);
  const emitted: { next: Snapshot; previous: Snapshot }[] = [];
  store.subscribe((next, previous) => emitted.push({ next, previous }));
  return { store, emitted };
}

describe('snapshot store', () => {
  it('starts from the initial Snapshot: signed out, connecting, nothing loaded', () => {
    const account = {
      mode: 'demo' as const,
      mailbox: 'demo@beacon.test',
      displayName: 'Demo',
      signIn: 'signed-in' as const,
    };
    const snapshot = createSnapshotStore(
      initialSnapshot({
        account,
        settings: DEFAULT_SETTINGS,
        warnings: [{ kind: 'secrets-removed' }],
      }),
    ).getSnapshot();
    expect(snapshot).toEqual({
      account,
      signInProgress: null,
      trustedCa: null,
      sharing: SHARING_OFF,
      keychain: 'unknown',
      connection: { state: 'connecting' },
      presence: {
        availability: 'offline',
        idle: false,
        oof: false,
        note: '',
        activity: { kind: 'none' },
        activityText: '',
        source: 'signed-out',
      },
      manual: null,
      oof: null,
      agenda: [],
      timeline: null,
      contacts: [],
      subscriptionRequests: [],
      im: { state: 'off' },
      conversations: [],
      voicemail: [],
      settings: DEFAULT_SETTINGS,
      warnings: [{ kind: 'secrets-removed' }],
    });
  });

  it('publishes a new, deeply frozen Snapshot on every change and leaves the old one intact', () => {
    const { store, emitted } = recordingStore();
    const before = store.getSnapshot();
    store.setPresence(available);
    const after = store.getSnapshot();

    expect(after).not.toBe(before);
    expect(after.presence).toEqual(available);
    expect(before.presence.availability).toBe('in-a-meeting');
    expect(emitted).toEqual([{ next: after, previous: before }]);
    for (const frozen of [
      after,
      after.presence,
      after.presence.activity,
      after.agenda,
      after.agenda[0],
    ]) {
      expect(Object.isFrozen(frozen)).toBe(true);
    }
    expect(() => {
      (after.presence as { availability: string }).availability = 'busy';
    }).toThrow(TypeError);
    expect(() => {
      after.agenda.push(after.agenda[0] as AgendaItem);
    }).toThrow(TypeError);
    expect(store.getSnapshot().presence.availability).toBe('available');
  });

  it("keeps the caller's data its own: the store freezes copies, not the argument", () => {
    const { store } = recordingStore();
    const agenda: AgendaItem[] = [...sampleSnapshot().agenda];
    store.setAgenda(agenda);
    agenda.pop();
    expect(Object.isFrozen(agenda)).toBe(false);
    expect(store.getSnapshot().agenda).toHaveLength(2);
  });

  it('keeps the identity of the parts that did not change', () => {
    const { store } = recordingStore();
    const before = store.getSnapshot();
    store.setConnection({ state: 'stale', lastSuccessAt: '2026-11-27T09:02:00.000Z' });
    const after = store.getSnapshot();
    expect(after.connection).toEqual({ state: 'stale', lastSuccessAt: '2026-11-27T09:02:00.000Z' });
    expect(after.agenda).toBe(before.agenda);
    expect(after.presence).toBe(before.presence);
    expect(after.oof).toBe(before.oof);
  });

  it('emits nothing for an update that changes nothing', () => {
    const { store, emitted } = recordingStore();
    const before = store.getSnapshot();
    store.setPresence({ ...sampleSnapshot().presence });
    store.setAgenda(sampleSnapshot().agenda);
    store.update({});
    expect(emitted).toHaveLength(0);
    expect(store.getSnapshot()).toBe(before);
  });

  it('emits one Snapshot for an update of several parts', () => {
    const { store, emitted } = recordingStore();
    store.update({ presence: available, manual: null, oof: null, timeline: null });
    expect(emitted).toHaveLength(1);
    expect(store.getSnapshot().oof).toBeNull();
    expect(store.getSnapshot().timeline).toBeNull();
    expect(store.getSnapshot().presence.activityText).toBe('Free until 14:00');
  });

  it('refuses a Snapshot that breaks the contract and keeps the last good one', () => {
    const { store, emitted } = recordingStore();
    const before = store.getSnapshot();
    expect(() => {
      store.setPresence({ ...available, nextChange: 'at two' });
    }).toThrow(/presence\.nextChange/);
    expect(() => {
      store.setManual({ availability: 'busy', note: 'x'.repeat(201) });
    }).toThrow(/manual\.note/);
    expect(store.getSnapshot()).toBe(before);
    expect(emitted).toHaveLength(0);
  });

  it('sets each part through its own updater', () => {
    const { store } = recordingStore();
    store.setAccount({
      mode: 'demo',
      mailbox: 'demo@beacon.test',
      displayName: 'Demo mailbox',
      signIn: 'signed-in',
    });
    store.setManual({
      availability: 'do-not-disturb',
      note: 'Focus',
      expiresAt: '2026-11-27T10:00:00.000Z',
    });
    store.setOof(null);
    store.setTimeline({ start: '2026-11-27T00:00:00.000Z', intervalMinutes: 15, slots: '012345' });
    store.setSettings({ ...DEFAULT_SETTINGS, locale: 'ko' });
    const s = store.getSnapshot();
    expect(s.account.displayName).toBe('Demo mailbox');
    expect(s.manual).toEqual({
      availability: 'do-not-disturb',
      note: 'Focus',
      expiresAt: '2026-11-27T10:00:00.000Z',
    });
    expect(s.oof).toBeNull();
    expect(s.timeline?.slots).toBe('012345');
    expect(s.settings.locale).toBe('ko');
  });

  it('adds a warning once and removes it', () => {
    const { store, emitted } = recordingStore();
    const damaged = { kind: 'settings-damaged', keptAs: 'settings.json.corrupt-1' } as const;
    store.addWarning(damaged);
    // Equal by value, not by identity: a warning built again is the same warning.
    store.addWarning({ ...damaged });
    store.addWarning({ kind: 'settings-damaged', keptAs: 'settings.json.corrupt-2' });
    expect(store.getSnapshot().warnings).toEqual([
      damaged,
      { kind: 'settings-damaged', keptAs: 'settings.json.corrupt-2' },
    ]);
    store.removeWarning({ ...damaged });
    store.removeWarning({ kind: 'secrets-removed' });
    expect(store.getSnapshot().warnings).toEqual([
      { kind: 'settings-damaged', keptAs: 'settings.json.corrupt-2' },
    ]);
    expect(emitted).toHaveLength(3);
  });

  it('stops calling a listener after it unsubscribes', () => {
    const store = createSnapshotStore(sampleSnapshot());
    const seen: string[] = [];
    const unsubscribe = store.subscribe((s) => seen.push(s.connection.state));
    store.setConnection({ state: 'offline' });
    unsubscribe();
    store.setConnection({ state: 'online' });
    expect(seen).toEqual(['offline']);
    expect(store.api.getState().connection.state).toBe('online');
  });
});
