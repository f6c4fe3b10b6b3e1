/**
 * Where a notice takes the user when it is clicked: the window opens that place. The same small
 * message travels to the desktop window (the `open-view` push) and to a web page (inside a
 * `notice`), and both sides check it with this schema. Pure.
 */
import { z } from 'zod';
import type { Notice } from '../reminders/notice.js';

/** Exchange item ids are long base64; IM addresses are bounded by RFC 7622's 3071 bytes. */
const ID = z.string().min(1).max(4096);

export const OpenViewSchema = z.discriminatedUnion('view', [
  /** The voicemail in the player; `play` starts it (the notice's Play). */
  z.strictObject({ view: z.literal('voicemail'), id: ID, play: z.boolean() }),
  /** The chat with one contact. */
  z.strictObject({ view: z.literal('conversation'), with: ID }),
  /** Today's agenda. */
  z.strictObject({ view: z.literal('agenda') }),
  /** The contacts list (held messages from several people). */
  z.strictObject({ view: z.literal('contacts') }),
  /** The automatic-replies editor. */
  z.strictObject({ view: z.literal('oof') }),
]);
export type OpenView = z.infer<typeof OpenViewSchema>;

/**
 * The place a notice opens. `play` is the Play action of a playable voicemail; a click elsewhere on
 * its notice opens the player without starting it.
 */
export function noticeView(notice: Notice, play = false): OpenView {
  switch (notice.kind) {
    case 'voicemail':
      return { view: 'voicemail', id: notice.itemId, play: play && notice.playable === true };
    case 'message':
      return { view: 'conversation', with: notice.from };
    case 'contact-available':
      return { view: 'conversation', with: notice.address };
    case 'held-messages':
      return { view: 'contacts' };
    case 'meeting-soon':
      return { view: 'agenda' };
    case 'oof-still-on':
      return { view: 'oof' };
  }
}
