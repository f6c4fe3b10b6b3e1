/**
 * The preload against the renderer half of the Electron fake: it exposes exactly one narrow
 * `window.beacon`, never ipcRenderer; listeners come with their unsubscribe; commands never reject.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../../src-main/core/contract.js';
import type { BeaconWindowApi } from '../../../src-main/electron/ipc/channels.js';
import { createFakeRendererElectron } from '../../support/electron-fake.js';

const fake = createFakeRendererElectron();
vi.mock('electron', () => ({
  contextBridge: fake.contextBridge,
  ipcRenderer: fake.ipcRenderer,
}));

const FIRST = { presence: { availability: 'available' } } as unknown as Snapshot;
const SECOND = { presence: { availability: 'busy' } } as unknown as Snapshot;

let api: BeaconWindowApi;
beforeAll(async () => {
  fake.answers.set('beacon:get-snapshot', () => FIRST);
  await import('../../../src-main/electron/preload.js');
  api = fake.exposed.get('beacon') as BeaconWindowApi;
  await vi.waitFor(() => {
    expect(api.getSnapshot()).toBe(FIRST);
  });
});

describe('the preload', () => {
  it('exposes one API, window.beacon, with only the Bridge functions and window controls', () => {
    expect([...fake.exposed.keys()]).toEqual(['beacon']);
    expect(Object.keys(api).sort()).toEqual([
      'execute',
      'getSnapshot',
      'onOpenView',
      'subscribe',
      'windowControls',
    ]);
    expect(Object.keys(api.windowControls).sort()).toEqual(['hide', 'onPinnedChange', 'setPinned']);
    expect(JSON.stringify(Object.values(api))).not.toContain('ipcRenderer');
  });

  it('asks for the first Snapshot once, with an explicit null payload', () => {
    expect(fake.invocations.filter((i) => i.channel === 'beacon:get-snapshot')).toEqual([
      { channel: 'beacon:get-snapshot', args: [null] },
    ]);
  });

  it('delivers pushed Snapshots to subscribers until they unsubscribe', () => {
    const seen: Snapshot[] = [];
    const unsubscribe = api.subscribe((s) => seen.push(s));
    fake.push('beacon:snapshot', SECOND);
    expect(seen).toEqual([SECOND]);
    expect(api.getSnapshot()).toBe(SECOND);
    unsubscribe();
    fake.push('beacon:snapshot', FIRST);
    expect(seen).toEqual([SECOND]);
  });

  it('carries commands to main and returns its result', async () => {
    fake.answers.set('beacon:execute', () => ({ ok: true }));
    await expect(api.execute({ type: 'refresh-now' })).resolves.toEqual({ ok: true });
    expect(fake.invocations.at(-1)).toEqual({
      channel: 'beacon:execute',
      args: [{ type: 'refresh-now' }],
    });
  });

  it('turns a refused or failed invocation into a failed result instead of rejecting', async () => {
    fake.answers.set('beacon:execute', () => {
      throw new Error("Refused beacon:execute: the sender is not Beacon's window");
    });
    await expect(api.execute({ type: 'refresh-now' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Beacon could not run the command' },
    });
  });

  it('window controls ask main to hide and pin, and pinned changes reach listeners', () => {
    api.windowControls.hide();
    api.windowControls.setPinned(true);
    expect(fake.invocations.slice(-2)).toEqual([
      { channel: 'beacon:window', args: [{ action: 'hide' }] },
      { channel: 'beacon:window', args: [{ action: 'set-pinned', pinned: true }] },
    ]);
    const pins: boolean[] = [];
    const stop = api.windowControls.onPinnedChange((p) => pins.push(p));
    fake.push('beacon:pinned', true);
    stop();
    fake.push('beacon:pinned', false);
    expect(pins).toEqual([true]);
  });

  it('hands the place a clicked notification opens to listeners until they unsubscribe', () => {
    const views: unknown[] = [];
    const stop = api.onOpenView((view) => views.push(view));
    fake.push('beacon:open-view', { view: 'conversation', with: 'bot@demo.beacon.invalid' });
    stop();
    fake.push('beacon:open-view', { view: 'agenda' });
    expect(views).toEqual([{ view: 'conversation', with: 'bot@demo.beacon.invalid' }]);
  });
});
