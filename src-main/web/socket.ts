/**
 * One WebSocket client of the web shell: it gets the Snapshot on connect and on every change,
 * and its commands go to the Api. The shell adds no behaviour: the envelope is checked here, the
 * command by the contract's `parseCommand`, and the Api's result goes back under the same id.
 * The page's hello sets the viewer's zone, its activity and visibility feed the idle time, and a
 * link opened while its command runs comes back to it as `open-url`.
 */
import type { WebSocket } from 'ws';
import { commandFailure, parseCommand, type Api, type CommandResult } from '../core/contract.js';
import type { NoticeSource } from '../core/notices/notice-feed.js';
import { parseClientMessage, type ServerMessage } from './messages.js';
import { noticeMessage } from './notice-message.js';
import type { PageActivity } from './page-activity.js';
import type { PageOpener } from './page-opener.js';
import type { PageVisibility } from './page-visibility.js';

/** A client that keeps sending garbage is closed after this many invalid messages. */
export const MAX_INVALID_MESSAGES = 3;
/** Commands one client may have in flight at once. */
export const MAX_PENDING_COMMANDS = 16;
/** A client that does not read its Snapshots is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Policy violation (RFC 6455 §7.4.1). */
const CLOSE_POLICY = 1008;

/** The shell-wide parts a client reports to; each is optional so tests can leave it out. */
export interface ClientServices {
  /** Routes `openExternal` during this client's commands back to it. */
  opener?: PageOpener;
  /** Where this client's activity counts toward the idle time. */
  pages?: PageActivity;
  /** Whether any page is in sight (the core's message notices are for a hidden window). */
  visibility?: PageVisibility;
  /** Notices (reminders, new voicemail, IM) to send as `notice`: only those from now on. */
  notices?: NoticeSource;
  /** The shell's zone and language, until the page's hello says its own. */
  viewer?: { timeZone: string; locale: string };
}

export function serveClient(socket: WebSocket, api: Api, services: ClientServices = {}): void {
  let invalid = 0;
  let pending = 0;
  const page = services.pages?.connect();
  const sight = services.visibility?.connect();
  /** The page's zone and language (its hello), for the words of its notices. */
  let viewer = services.viewer ?? { timeZone: 'UTC', locale: 'en' };

  const send = (message: ServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  };

  const reject = (message: string): void => {
    invalid++;
    send({ type: 'error', message });
    if (invalid >= MAX_INVALID_MESSAGES) socket.close(CLOSE_POLICY, 'Too many invalid messages');
  };

  const run = async (id: string, command: unknown): Promise<void> => {
    const parsed = parseCommand(command);
    let result: CommandResult;
    if (!parsed.ok) result = parsed;
    else {
      const command = parsed.command;
      const execute = (): Promise<CommandResult> => api.execute(command);
      try {
        result = await (services.opener === undefined
          ? execute()
          : services.opener.runFor((url) => {
              send({ type: 'open-url', url });
            }, execute));
      } catch {
        result = commandFailure('internal', 'The command failed unexpectedly');
      }
    }
    send({ type: 'result', id, result });
  };

  const unsubscribe = api.subscribe((snapshot) => {
    send({ type: 'snapshot', snapshot });
  });
  // A notice is sent once, to the pages connected when it happened: a page that reconnects later
  // is not sent it again.
  const stopNotices = services.notices?.subscribe((notice) => {
    try {
      const locale = api.getSnapshot().settings.locale ?? viewer.locale;
      send(noticeMessage(notice, { locale, timeZone: viewer.timeZone }));
    } catch {
      // A notice that cannot be worded within the message's bounds is not sent.
    }
  });
  socket.on('close', () => {
    unsubscribe();
    stopNotices?.();
    page?.close();
    sight?.close();
  });
  socket.on('error', () => {
    // ws reports protocol errors (e.g. an oversize frame) here and closes the socket itself.
  });

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      reject('Only text messages are accepted');
      return;
    }
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : data instanceof ArrayBuffer
        ? Buffer.from(data).toString('utf8')
        : data.toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      reject(parsed.error);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'hello':
        // Per connection; the last page to say hello sets the zone (the contract's rule).
        api.setViewer?.({ timeZone: message.timeZone });
        viewer = { timeZone: message.timeZone, locale: message.locale };
        return;
      case 'activity':
        page?.activity(message.at);
        return;
      case 'visibility':
        // Switching to or away from the tab is the user at work either way.
        page?.activity();
        sight?.set(message.visible);
        return;
      case 'command':
        break;
    }
    if (pending >= MAX_PENDING_COMMANDS) {
      send({
        type: 'result',
        id: message.id,
        result: commandFailure('not-allowed', 'Too many commands in flight'),
      });
      return;
    }
    pending++;
    void run(message.id, message.command).finally(() => {
      pending--;
    });
  });

  send({ type: 'snapshot', snapshot: api.getSnapshot() });
}
