/**
 * One WebSocket client of the web shell: it gets the Snapshot on connect and on every change,
 * and its commands go to the Api. The shell adds no behaviour: the envelope is checked here, the
 * command by the contract's `parseCommand`, and the Api's result goes back under the same id.
 */
import type { WebSocket } from 'ws';
import { commandFailure, parseCommand, type Api, type CommandResult } from '../core/contract.js';
import { parseClientMessage, type ServerMessage } from './messages.js';

/** A client that keeps sending garbage is closed after this many invalid messages. */
export const MAX_INVALID_MESSAGES = 3;
/** Commands one client may have in flight at once. */
export const MAX_PENDING_COMMANDS = 16;
/** A client that does not read its Snapshots is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** Policy violation (RFC 6455 §7.4.1). */
const CLOSE_POLICY = 1008;

export function serveClient(socket: WebSocket, api: Api): void {
  let invalid = 0;
  let pending = 0;

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
      try {
        result = await api.execute(parsed.command);
      } catch {
        result = commandFailure('internal', 'The command failed unexpectedly');
      }
    }
    send({ type: 'result', id, result });
  };

  const unsubscribe = api.subscribe((snapshot) => {
    send({ type: 'snapshot', snapshot });
  });
  socket.on('close', unsubscribe);
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
    if (pending >= MAX_PENDING_COMMANDS) {
      send({
        type: 'result',
        id: parsed.message.id,
        result: commandFailure('not-allowed', 'Too many commands in flight'),
      });
      return;
    }
    pending++;
    void run(parsed.message.id, parsed.message.command).finally(() => {
      pending--;
    });
  });

  send({ type: 'snapshot', snapshot: api.getSnapshot() });
}
