/**
 * What travels over the web shell's WebSocket: the contract and nothing else.
 * Client → server: a command with an id. Server → client: Snapshots, results (same id), errors.
 */
import { z } from 'zod';
import { CommandResultSchema, SnapshotSchema } from '../core/contract.js';

export const MAX_COMMAND_ID_LENGTH = 64;
/**
 * Larger frames close the socket (ws `maxPayload`). Not 64 KB: a valid set-oof carries two
 * replies of up to 128 Ki characters each, up to 3 UTF-8 bytes per character.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The envelope only; the command inside is checked by the contract's `parseCommand`. */
export const ClientMessageSchema = z.strictObject({
  type: z.literal('command'),
  id: z.string().min(1).max(MAX_COMMAND_ID_LENGTH),
  command: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  z.object({ type: z.literal('result'), id: z.string(), result: CommandResultSchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

export type ParsedClientMessage =
  { ok: true; message: ClientMessage } | { ok: false; error: string };

/** Parses one text frame. Never throws, and never echoes the input back. */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Message is not JSON' };
  }
  const parsed = ClientMessageSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      error: `Expected {"type":"command","id":<string of 1-${MAX_COMMAND_ID_LENGTH} chars>,"command":{…}}`,
    };
  return { ok: true, message: parsed.data };
}
