/**
 * The renderer's only way to the core: the last Snapshot, Snapshot changes, and commands.
 * Two implementations carry it: the WebSocket client of the web shell (here) and the Electron
 * preload API, which exposes the same three functions as `window.beacon`.
 */
import type { CommandInput, CommandResult, Snapshot } from '../../src-main/core/contract.js';
import type { OpenView } from '../../src-main/core/notices/open-view.js';
import type { BeaconWindowApi } from '../../src-main/electron/ipc/channels.js';
import type { NoticeMessage } from '../../src-main/web/messages.js';

/** A notice the page shows itself (web shell): its words, and the place a click opens. */
export type PageNotice = Omit<NoticeMessage, 'type'>;

/** The tray window's own controls; only the Electron preload has them. */
export type WindowControls = BeaconWindowApi['windowControls'];

export interface Bridge {
  /** The last Snapshot received; undefined until the first arrives. */
  getSnapshot(): Snapshot | undefined;
  /** Calls `listener` with every new Snapshot; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** Runs a command in the core; never rejects (a lost connection is a failed result). */
  execute(command: CommandInput): Promise<CommandResult>;
  /**
   * Calls `listener` with false when the link to the core drops and true when it is back;
   * returns the unsubscribe function. Optional: a bridge whose link cannot drop omits it.
   */
  onLinkChange?(listener: (up: boolean) => void): () => void;
  /**
   * Calls `listener` with true when the shell no longer accepts this page's token (it was
   * restarted with a new one: only the address it printed opens Beacon again), and with false if
   * it does again; returns the unsubscribe function. Optional: the desktop window has no token.
   */
  onAuthLost?(listener: (lost: boolean) => void): () => void;
  /**
   * Calls `listener` with each notice the page shows itself (the web shell sends them; the desktop
   * app shows OS notifications instead); returns the unsubscribe function.
   */
  onNotice?(listener: (notice: PageNotice) => void): () => void;
  /** Calls `listener` with the place a clicked OS notification opens (desktop app). */
  onOpenView?(listener: (view: OpenView) => void): () => void;
  /** Hide and pin the window that shows the page; absent in a browser tab. */
  windowControls?: WindowControls;
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. chooseBridge returns it as a Bridge. */
    beacon?: BeaconWindowApi;
  }
}
