/**
 * The Graph voicemail and conversation-history operations through the real Graph transport
 * against the simulator's Graph face (every body checked against the CSDL there): the class
 * filter finds the seeded voicemail and nothing else, paging follows nextLinks, isRead and the
 * move change the mailbox, and a saved conversation is a delivered item in Conversation History.
 */
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  findOrCreateConversationFolder,
  saveConversation,
} from '../../../src-main/graph/operations/conversation-history.js';
import {
  getAttachmentBytes,
  getVoicemails,
  listVoicemail,
  markRead,
  moveToDeletedItems,
} from '../../../src-main/graph/operations/voicemail.js';
import { GraphTransport } from '../../../src-main/graph/transport/graph-transport.js';
import { toGraphId } from '../../../src-main/sim/graph/ids.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { ALEX, NESTOR, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

let sim: RunningSimulator;
const transports: GraphTransport[] = [];

beforeAll(async () => {
  sim = await startGraphSimulator();
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});

function transportFor(email: string, paths: string[] = []): GraphTransport {
  const t = new GraphTransport({
    baseUrl: sim.graphUrl,
    tokenProvider: () => Promise.resolve(tokenOf(sim, email)),
    onAttempt: (event) => paths.push(event.path),
  });
  transports.push(t);
  return t;
}

describe('voicemail over Graph against the simulator', () => {
  it('lists the seeded voicemail newest first over several pages, and nothing else', async () => {
    const list = await listVoicemail(transportFor(ALEX), { pageSize: 4 });
    expect(list.rejected).toEqual([]);
    expect(list.complete).toBe(true);
    expect(list.items.map((i) => i.callerName)).toEqual([
      'Megan Bowen',
      'Diego Siciliani',
      'Contoso Pharmacy',
      '김민지',
      'Patti Fernandez',
      'Adele Vance',
      'Lee Gu',
      'Isaiah Langer',
      'Johanna Lorenz',
    ]);
    const received = list.items.map((i) => i.received.getTime());
    expect([...received].sort((a, b) => b - a)).toEqual(received);
    const megan = list.items[0];
    expect(megan).toMatchObject({
      kind: 'voicemail',
      isRead: false,
      callerNumber: '+14255550142',
      hasAttachments: true,
    });
    expect(megan?.durationSeconds).toBeGreaterThan(0);
    expect(megan?.itemClass.toLowerCase()).toMatch(/^ipm\.note\.microsoft\.voicemail/);
    const patti = list.items.find((i) => i.callerName === 'Patti Fernandez');
    expect(patti?.kind).toBe('protected');
    expect(patti?.durationSeconds).toBe(14);
  });

  it('tells a missed call from a voicemail', async () => {
    const list = await listVoicemail(transportFor(NESTOR));
    expect(list.items.map((i) => i.kind).sort()).toEqual(['missed-call', 'voicemail']);
  });

  it('reads several at once through $batch; an id Graph cannot find fails alone', async () => {
    const paths: string[] = [];
    const graph = transportFor(NESTOR, paths);
    const missed = (await listVoicemail(graph)).items.find((i) => i.kind === 'missed-call');
    if (missed === undefined) throw new Error('no missed call');
    paths.length = 0;
    const results = await getVoicemails(graph, [missed.id, 'AAMkAGnotthere=']);
    expect(paths).toEqual(['/$batch']);
    expect(results.map((r) => [r.id, r.ok])).toEqual([
      [missed.id, true],
      ['AAMkAGnotthere=', false],
    ]);
    const [first, second] = results;
    expect(first?.ok && first.item.transcription).toBe('You missed a call from Megan Bowen.');
    expect(first?.ok && first.item.attachments).toEqual([]);
    expect(!second?.ok && second?.error.kind).toBe('not-found');
  });

  it('fetches an audio attachment byte for byte through $value, capped', async () => {
    // The attachment's Graph id is taken from the simulator's admin view: the simulator does not
    // take $select on the attachment list yet, which getVoicemail sends (see the README).
    const graph = transportFor(ALEX);
    const [first] = (await listVoicemail(graph)).items;
    if (first === undefined) throw new Error('no voicemail');
    const adminMessages = (await fetch(
      `${sim.adminUrl}/mailboxes/${encodeURIComponent(ALEX)}/messages`,
    ).then((r) => r.json())) as {
      id: string;
      attachments: { id: string; name: string; contentType: string; size: number }[];
    }[];
    const stored = adminMessages.find((m) => toGraphId(m.id) === first.id)?.attachments[0];
    if (stored === undefined) throw new Error('no stored attachment');
    expect(first.attachmentOrder?.split(';')[0]).toBe(stored.name);
    const attachment = {
      id: toGraphId(stored.id),
      name: stored.name,
      contentType: stored.contentType,
      isInline: false,
      kind: 'file' as const,
    };
    const bytes = await getAttachmentBytes(graph, { messageId: first.id, attachment });
    expect(bytes.body.byteLength).toBe(stored.size);
    expect(bytes.contentType.split(';')[0]).toBe(stored.contentType);
    await expect(
      getAttachmentBytes(graph, { messageId: first.id, attachment, maxBytes: stored.size - 1 }),
    ).rejects.toMatchObject({ kind: 'too-large' });
  });

  it('marks read and moves to Deleted Items (a new id; the list no longer has it)', async () => {
    const graph = transportFor(ALEX);
    const before = (await listVoicemail(graph)).items;
    const target = before.find((i) => i.callerName === '김민지');
    if (target === undefined) throw new Error('no voicemail from 김민지');
    expect(target.isRead).toBe(false);
    const updated = await markRead(graph, { id: target.id, isRead: true });
    expect(updated.id).toBe(target.id);
    const reread = (await listVoicemail(graph)).items.find((i) => i.id === target.id);
    expect(reread?.isRead).toBe(true);
    const moved = await moveToDeletedItems(graph, target.id);
    expect(moved.id).not.toBe('');
    const after = (await listVoicemail(graph)).items;
    expect(after).toHaveLength(before.length - 1);
    expect(after.some((i) => i.callerName === '김민지')).toBe(false);
    const deleted = await listVoicemail(graph, { folder: 'deleteditems' });
    expect(deleted.items.map((i) => i.id)).toContain(moved.id);
  });
});

describe('conversation history over Graph against the simulator', () => {
  it('saves a conversation as a delivered item with its class, in the well-known folder', async () => {
    const graph = transportFor(ALEX);
    const folderId = await findOrCreateConversationFolder(graph);
    const saved = await saveConversation(graph, {
      subject: 'Conversation with Kim Minji',
      html: '<div>Kim Minji: 안녕하세요</div>',
      to: [{ email: 'minji@beacon.test', name: 'Kim Minji' }],
      from: { email: ALEX },
    });
    expect(saved.folderId).toBe(folderId);
    expect(saved.savedAs).toBe('delivered');
    const read = await graph.json(
      {
        method: 'GET',
        path: `/me/messages/${encodeURIComponent(saved.id)}`,
        query: {
          $select: 'id,subject,isDraft,isRead,receivedDateTime,parentFolderId',
          $expand: "singleValueExtendedProperties($filter=id eq 'String 0x001A')",
        },
      },
      z.object({
        subject: z.string(),
        isDraft: z.boolean(),
        parentFolderId: z.string(),
        singleValueExtendedProperties: z.array(z.object({ id: z.string(), value: z.string() })),
      }),
    );
    expect(read.subject).toBe('Conversation with Kim Minji');
    expect(read.isDraft).toBe(false);
    expect(read.parentFolderId).toBe(folderId);
    expect(read.singleValueExtendedProperties[0]?.value).toBe('IPM.Note.Microsoft.Conversation');
  });

  it('creates the folder when the mailbox has none yet, and uses it from then on', async () => {
    const removed = await fetch(
      `${sim.adminUrl}/mailboxes/${encodeURIComponent(NESTOR)}/conversation-history`,
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(200);
    const graph = transportFor(NESTOR);
    const created = await findOrCreateConversationFolder(graph);
    expect(await findOrCreateConversationFolder(graph)).toBe(created);
    const saved = await saveConversation(graph, {
      subject: 'Conversation with Alex Wilber',
      html: '<div>Alex Wilber: hi</div>',
      to: [{ email: ALEX }],
    });
    expect(saved).toMatchObject({ folderId: created, savedAs: 'delivered' });
    const history = await fetch(
      `${sim.adminUrl}/mailboxes/${encodeURIComponent(NESTOR)}/conversation-history`,
    );
    const items = (await history.json()) as { subject: string }[];
    expect(items.map((i) => i.subject)).toEqual(['Conversation with Alex Wilber']);
  });
});
