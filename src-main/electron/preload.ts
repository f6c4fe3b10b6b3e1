/**
 * The tray window's preload: exposes `window.beacon` and nothing else. Bundled as one CommonJS
 * file (sandboxed preloads cannot load modules); it holds no logic beyond carrying messages, and
 * the main process validates everything it receives.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { CommandInput, CommandResult, Snapshot } from '../core/contract.js';
import type { OpenView } from '../core/notices/open-view.js';
import { INVOKE_CHANNELS, PUSH_CHANNELS, type BeaconWindowApi } from './ipc/channels.js';

let lastSnapshot: Snapshot | undefined;
const snapshotListeners = new Set<(snapshot: Snapshot) => void>();
const pinnedListeners = new Set<(pinned: boolean) => void>();
const openViewListeners = new Set<(view: OpenView) => void>();

function deliver(snapshot: Snapshot): void {
  lastSnapshot = snapshot;
  for (const listener of snapshotListeners) listener(snapshot);
}

ipcRenderer.on(PUSH_CHANNELS.snapshot, (_event, snapshot: Snapshot) => {
  deliver(snapshot);
});
ipcRenderer.on(PUSH_CHANNELS.pinned, (_event, pinned: boolean) => {
  for (const listener of pinnedListeners) listener(pinned);
});
// Main checked it against OpenViewSchema before sending; the page only navigates with it.
ipcRenderer.on(PUSH_CHANNELS.openView, (_event, view: OpenView) => {
  for (const listener of openViewListeners) listener(view);
});

// The first Snapshot is asked for once; pushes keep it current afterwards.
void (ipcRenderer.invoke(INVOKE_CHANNELS.getSnapshot, null) as Promise<Snapshot>).then(
  (snapshot) => {
    if (lastSnapshot === undefined) deliver(snapshot);
  },
  () => undefined,
);

function failed(message: string): CommandResult {
  return { ok: false, error: { code: 'internal', message } };
}

const api: BeaconWindowApi = {
  getSnapshot: () => lastSnapshot,
  subscribe(listener) {
    snapshotListeners.add(listener);
    return () => {
      snapshotListeners.delete(listener);
    };
  },
  async execute(command: CommandInput): Promise<CommandResult> {
    try {
      return (await ipcRenderer.invoke(INVOKE_CHANNELS.execute, command)) as CommandResult;
    } catch {
      return failed('Beacon could not run the command');
    }
  },
  windowControls: {
    hide() {
      void ipcRenderer.invoke(INVOKE_CHANNELS.window, { action: 'hide' }).catch(() => undefined);
    },
    setPinned(pinned) {
      void ipcRenderer
        .invoke(INVOKE_CHANNELS.window, { action: 'set-pinned', pinned })
        .catch(() => undefined);
    },
    onPinnedChange(listener) {
      pinnedListeners.add(listener);
      return () => {
        pinnedListeners.delete(listener);
      };
    },
  },
  onOpenView(listener) {
    openViewListeners.add(listener);
    return () => {
      openViewListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('beacon', api);
