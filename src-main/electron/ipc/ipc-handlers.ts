/**
 * The main side of the IPC contract: one handler per invoke channel. Every call is checked twice
 * before anything runs: the sender must be the tray window's own page (main frame, app origin),
 * and the payload must pass its zod schema. Snapshots are pushed to the window on every change.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { parseCommand, type Api, type CommandResult } from '../../core/contract.js';
import { OpenViewSchema, type OpenView } from '../../core/notices/open-view.js';
import type { ElectronPlatform, WebContentsPort } from '../platform.js';
import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  type InvokeChannel,
  type InvokeChannels,
  type WindowRequest,
} from './channels.js';
import { isTrustedSender } from './sender-check.js';

export const WindowRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('hide') }),
  z.strictObject({ action: z.literal('set-pinned'), pinned: z.boolean() }),
]) satisfies z.ZodType<WindowRequest>;

/** Requests of the channels that carry no payload: nothing, or an explicit null. */
const NoPayloadSchema = z.union([z.null(), z.undefined()]).transform(() => null);

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Refused ${channel}: the sender is not Beacon's window`);
    this.name = 'UntrustedSenderError';
  }
}

export interface IpcHandlerDeps {
  ipcMain: ElectronPlatform['ipcMain'];
  api: Api;
  /** The origin the window's page is served from, e.g. `app://beacon`. */
  appOrigin: string;
  /** The tray window's webContents id; undefined while it has none. */
  windowContentsId: () => number | undefined;
  /** Carries out the window's own requests (hide, pin); answers the new pinned state. */
  onWindowRequest: (request: WindowRequest) => boolean;
  log: (line: string) => void;
}

type Handler<K extends InvokeChannel> = (
  payload: unknown,
) => Promise<InvokeChannels[K][1]> | InvokeChannels[K][1];

/** What the sender looks like, read from Electron's event (a frame may already be gone). */
export function senderOf(event: IpcMainInvokeEvent): {
  contentsId: number;
  frame: { url: string; isMainFrame: boolean } | null;
} {
  const frame = event.senderFrame;
  return {
    contentsId: event.sender.id,
    frame: frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null },
  };
}

/** Registers every handler; returns the function that removes them. */
export function registerIpcHandlers(deps: IpcHandlerDeps): () => void {
  const handlers: { [K in InvokeChannel]: Handler<K> } = {
    'beacon:get-snapshot': (payload) => {
      NoPayloadSchema.parse(payload);
      return deps.api.getSnapshot();
    },
    'beacon:execute': async (payload): Promise<CommandResult> => {
      const parsed = parseCommand(payload);
      if (!parsed.ok) return parsed;
      return deps.api.execute(parsed.command);
    },
    'beacon:window': (payload) => deps.onWindowRequest(WindowRequestSchema.parse(payload)),
  };

  const channels = Object.values(INVOKE_CHANNELS);
  for (const channel of channels) {
    deps.ipcMain.handle(channel, async (event, payload: unknown) => {
      const sender = senderOf(event);
      if (
        sender.contentsId !== deps.windowContentsId() ||
        !isTrustedSender(sender.frame, deps.appOrigin)
      ) {
        deps.log(
          `ipc: refused ${channel} from ${sender.frame?.url.slice(0, 100) ?? 'a gone frame'}`,
        );
        throw new UntrustedSenderError(channel);
      }
      return handlers[channel](payload);
    });
  }
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}

/** Sends every new Snapshot to the window; returns the unsubscribe function. */
export function pushSnapshots(api: Api, contents: WebContentsPort): () => void {
  return api.subscribe((snapshot) => {
    if (!contents.isDestroyed()) contents.send(PUSH_CHANNELS.snapshot, snapshot);
  });
}

/**
 * Tells the window which place a clicked notification opens. The message is checked against its
 * schema before it leaves: nothing but a known place reaches the page.
 */
export function pushOpenView(contents: WebContentsPort, view: OpenView): boolean {
  const parsed = OpenViewSchema.safeParse(view);
  if (!parsed.success || contents.isDestroyed()) return false;
  contents.send(PUSH_CHANNELS.openView, parsed.data);
  return true;
}
