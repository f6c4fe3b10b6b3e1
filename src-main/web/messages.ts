/**
 * What travels over the web shell's WebSocket: the contract, plus what only a browser page can
 * tell (its zone and language, user activity, visibility) and the one thing only the page can do
 * (open a tab).
 * Client → server: a command with an id, hello, activity, visibility.
 * Server → client: Snapshots, results (same id), errors, links to open, notices to show.
 */
import { z } from 'zod';
import {
  CommandResultSchema,
  LocaleSchema,
  SnapshotSchema,
  ViewerSchema,
} from '../core/contract.js';
import { OpenViewSchema } from '../core/notices/open-view.js';

export const MAX_COMMAND_ID_LENGTH = 64;
/**
 * Larger frames close the socket (ws `maxPayload`). Not 64 KB: a valid set-oof carries two
 * replies of up to 128 Ki characters each, up to 3 UTF-8 bytes per character.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The envelope only; the command inside is checked by the contract's `parseCommand`. */
export const CommandMessageSchema = z.strictObject({
  type: z.literal('command'),
  id: z.string().min(1).max(MAX_COMMAND_ID_LENGTH),
  command: z.unknown(),
});

/** Sent once the socket opens: the browser's zone (the contract's Viewer rule) and language. */
export const HelloMessageSchema = z.strictObject({
  type: z.literal('hello'),
  timeZone: ViewerSchema.shape.timeZone,
  locale: LocaleSchema,
});

/** The user touched the page (pointer or keyboard); `at` (epoch ms) when sent late. */
export const ActivityMessageSchema = z.strictObject({
  type: z.literal('activity'),
  at: z.number().int().nonnegative().optional(),
});

/** The page became visible or hidden (the user switched tabs or windows). */
export const VisibilityMessageSchema = z.strictObject({
  type: z.literal('visibility'),
  visible: z.boolean(),
});

export const ClientMessageSchema = z.discriminatedUnion('type', [
  CommandMessageSchema,
  HelloMessageSchema,
  ActivityMessageSchema,
  VisibilityMessageSchema,
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Longest title or body of a notice, in characters (a notification shows a line or two). */
export const MAX_NOTICE_TEXT = 500;

/**
 * Something the page shows as a browser notification or a toast: plain text with no
 * bidirectional controls, and the place a click opens. `actionLabel` names the notice's button
 * (Play, Join); `join` is the meeting whose link Join opens.
 */
export const NoticeMessageSchema = z.strictObject({
  type: z.literal('notice'),
  /** Stable per notice (the core's id): the page shows each once. */
  id: z.string().min(1).max(4096),
  kind: z.enum([
    'voicemail',
    'message',
    'contact-available',
    'held-messages',
    'meeting-soon',
    'oof-still-on',
  ]),
  title: z.string().max(MAX_NOTICE_TEXT),
  body: z.string().max(MAX_NOTICE_TEXT),
  action: OpenViewSchema,
  actionLabel: z.string().max(MAX_NOTICE_TEXT).optional(),
  join: z.string().min(1).max(4096).optional(),
});
export type NoticeMessage = z.infer<typeof NoticeMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  z.object({ type: z.literal('result'), id: z.string(), result: CommandResultSchema }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /** A vetted https link (a meeting's Join) for the page that asked to open in a new tab. */
  z.object({ type: z.literal('open-url'), url: z.string() }),
  NoticeMessageSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

export type ParsedClientMessage =
  { ok: true; message: ClientMessage } | { ok: false; error: string };

const EXPECTED: Record<ClientMessage['type'], string> = {
  command: `{"type":"command","id":<string of 1-${MAX_COMMAND_ID_LENGTH} chars>,"command":{…}}`,
  hello: '{"type":"hello","timeZone":<IANA zone>,"locale":<BCP 47 tag>}',
  activity: '{"type":"activity","at"?:<epoch ms>}',
  visibility: '{"type":"visibility","visible":<boolean>}',
};

/** Parses one text frame. Never throws, and never echoes the input back. */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Message is not JSON' };
  }
  const parsed = ClientMessageSchema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type = (value as { type?: unknown } | null)?.type;
  // Name the shape the message claimed to be, so a bad hello is told what a hello looks like.
  const expected =
    typeof type === 'string' && Object.hasOwn(EXPECTED, type)
      ? EXPECTED[type as ClientMessage['type']]
      : EXPECTED.command;
  return { ok: false, error: `Expected ${expected}` };
}
