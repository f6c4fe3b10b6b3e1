/**
 * The IPC channels between the tray window's preload and the main process: one map, shared by
 * both sides. The preload imports only this file (and Electron), so it stays a small bundle.
 */
import type { CommandInput, CommandResult, Snapshot } from '../../core/contract.js';
import type { OpenView } from '../../core/notices/open-view.js';

/** What the window itself may ask of the shell (not of the core). */
export type WindowRequest = { action: 'hide' } | { action: 'set-pinned'; pinned: boolean };

/** Renderer → main, answered: channel → [request, response]. */
export interface InvokeChannels {
  'beacon:get-snapshot': [request: null, response: Snapshot];
  'beacon:execute': [request: CommandInput, response: CommandResult];
  'beacon:window': [request: WindowRequest, response: boolean];
}

/** Main → renderer pushes: channel → payload. */
export interface PushChannels {
  'beacon:snapshot': Snapshot;
  'beacon:pinned': boolean;
  /** A clicked notification: the window opens this place (a conversation, a voicemail…). */
  'beacon:open-view': OpenView;
}

/**
 * What the preload exposes as `window.beacon`: the renderer's Bridge (Snapshot, changes,
 * commands) plus the window's own controls. Listeners return their unsubscribe function; the
 * page never sees `ipcRenderer`.
 */
export interface BeaconWindowApi {
  getSnapshot(): Snapshot | undefined;
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** Never rejects: a failure in the shell comes back as a failed result. */
  execute(command: CommandInput): Promise<CommandResult>;
  windowControls: {
    hide(): void;
    setPinned(pinned: boolean): void;
    onPinnedChange(listener: (pinned: boolean) => void): () => void;
  };
  /** Calls `listener` with the place a clicked notification opens; returns the unsubscribe. */
  onOpenView(listener: (view: OpenView) => void): () => void;
}

export type InvokeChannel = keyof InvokeChannels;
export type PushChannel = keyof PushChannels;

export const INVOKE_CHANNELS = {
  getSnapshot: 'beacon:get-snapshot',
  execute: 'beacon:execute',
  window: 'beacon:window',
} as const satisfies Record<string, InvokeChannel>;

export const PUSH_CHANNELS = {
  snapshot: 'beacon:snapshot',
  pinned: 'beacon:pinned',
  openView: 'beacon:open-view',
} as const satisfies Record<string, PushChannel>;
