/**
 * `beacon voicemail list|save|read|unread|delete`: the voicemail folder from the command line.
 * An item is named by its full id or by the short ID `list --ids` (and `--json`) show; both
 * come from the protocol in use (EWS and Graph may name the same message differently).
 * `save` writes the recording as Exchange stored it (never a protected one: those are not
 * decrypted here) and never overwrites a file.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MailboxBackend } from '../../mailbox/backend.js';
import type { VoicemailSummary } from '../../mailbox/voicemail.js';
import { chooseAudioAttachment } from '../../voicemail/items.js';
import { connectionOptions } from '../connection.js';
import { voicemailText } from '../human.js';
import { toJson, UsageError } from '../output.js';
import type { CliStrings } from '../strings.js';

type Print = (text: string) => void;

export const voicemailUsage = `beacon voicemail list [--ids] [--json]
beacon voicemail save ID [--out FILE]
beacon voicemail read ID | unread ID | delete ID`;

/** What the command does once connected; remote.ts supplies the client and the words. */
export interface VoicemailContext {
  strings: CliStrings;
  format: Parameters<typeof voicemailText>[2];
  withClient: (work: (client: MailboxBackend) => Promise<void>) => Promise<void>;
}

/** The short ID of an item: 8 URL-safe characters of a hash of its id (stable per protocol). */
export function shortId(itemId: string): string {
  return createHash('sha256').update(itemId).digest('base64url').slice(0, 8);
}

export interface VoicemailFlags {
  url?: string | undefined;
  user?: string | undefined;
  ca?: string | undefined;
  protocol?: string | undefined;
  'graph-url'?: string | undefined;
  'data-dir'?: string | undefined;
}

/** A failure the user caused that is not wrong usage: exit 1 with one line. */
export class VoicemailCommandError extends Error {}

const LIST_MAX = 1000;

async function resolve(
  client: MailboxBackend,
  id: string,
  strings: CliStrings,
): Promise<VoicemailSummary> {
  const list = await client.listVoicemail({ maxEntries: LIST_MAX });
  const found = list.items.find((item) => item.id === id || shortId(item.id) === id);
  if (found === undefined) throw new VoicemailCommandError(strings.noSuchVoicemail(id));
  return found;
}

/** Only a file name: no folders, nothing a shell or a file system would trip over. */
export function safeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[^\p{L}\p{N} ._()-]/gu, '_').trim();
  return base === '' || base.startsWith('.') ? 'voicemail.audio' : base.slice(0, 200);
}

export async function voicemailCommand(
  argv: string[],
  print: Print,
  context: (values: VoicemailFlags) => Promise<VoicemailContext>,
): Promise<void> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      ...connectionOptions,
      json: { type: 'boolean', default: false },
      ids: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (verb === 'list') {
    if (positionals.length > 0) throw new UsageError(voicemailUsage);
    const c = await context(values);
    await c.withClient(async (client) => {
      const list = await client.listVoicemail();
      if (values.json) {
        print(toJson({ ...list, items: list.items.map((i) => ({ ...i, ref: shortId(i.id) })) }));
        return;
      }
      print(voicemailText(list, c.strings, c.format, values.ids ? shortId : undefined));
    });
    return;
  }
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new UsageError(voicemailUsage);
  if (verb !== 'save' && values.out !== undefined) throw new UsageError(voicemailUsage);
  const c = await context(values);
  switch (verb) {
    case 'save':
      await c.withClient(async (client) => {
        const item = await resolve(client, id, c.strings);
        if (item.kind === 'protected')
          throw new VoicemailCommandError(c.strings.protectedCannotSave);
        const full = await client.getVoicemail(item.id);
        const attachment = chooseAudioAttachment(full.attachments, full.attachmentOrder);
        if (attachment === undefined) throw new VoicemailCommandError(c.strings.noAudio);
        const content = await client.getAttachment(attachment.id);
        const out = values.out ?? path.join(process.cwd(), safeFileName(attachment.name));
        try {
          await writeFile(out, content.content, { flag: 'wx', mode: 0o600 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST')
            throw new VoicemailCommandError(c.strings.fileExists(out));
          throw error;
        }
        print(c.strings.savedTo(out, content.content.length));
      });
      return;
    case 'read':
    case 'unread':
      await c.withClient(async (client) => {
        const item = await resolve(client, id, c.strings);
        const ref =
          item.changeKey === undefined
            ? { id: item.id }
            : { id: item.id, changeKey: item.changeKey };
        await client.markVoicemailRead(ref, verb === 'read');
        print(verb === 'read' ? c.strings.markedRead : c.strings.markedUnread);
      });
      return;
    case 'delete':
      await c.withClient(async (client) => {
        const item = await resolve(client, id, c.strings);
        await client.deleteVoicemail(item.id);
        print(c.strings.movedToDeletedItems);
      });
      return;
    default:
      throw new UsageError(voicemailUsage);
  }
}
