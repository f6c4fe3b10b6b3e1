/**
 * Voicemail delete over Graph against the simulator's Graph face: a move to Deleted Items, which
 * is not idempotent (the moved message has a new id; the old one then answers 404). A move whose
 * answer is lost (the simulator's 'truncated' fault: carried out, answer cut) is sent once more
 * and its 404 read as done; so is a second delete of the same voicemail. A 404 for an id this
 * session never moved stays an error. Each time Deleted Items holds the voicemail exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { MailboxBackend } from '../../../src-main/mailbox/backend.js';
import { MailboxError } from '../../../src-main/mailbox/errors.js';
import { graph } from '../sim/graph/support.js';
import { useGraphSimBackends } from './graph-sim-backends.js';

const suite = useGraphSimBackends();
const { graphBackend } = suite;

/** Subjects of the messages in Alex's Deleted Items, read straight from the Graph face. */
async function deletedSubjects(): Promise<string[]> {
  const answer = await graph(
    suite.sim,
    'GET',
    '/me/mailFolders/deleteditems/messages?$select=subject',
  );
  expect(answer.status).toBe(200);
  return (answer.json as { value: { subject?: string }[] }).value.map((m) => m.subject ?? '');
}

/** The move requests the simulator saw for `id`: each one's status (0: the answer was cut). */
async function moves(id: string): Promise<{ status: number; fault?: string }[]> {
  const log = await suite.admin.requestsFor(
    `Graph POST /me/messages/${encodeURIComponent(id)}/move`,
  );
  return log.map((r) =>
    r.fault === undefined ? { status: r.status } : { status: r.status, fault: r.fault },
  );
}

async function firstVoicemail(backend: MailboxBackend): Promise<{ id: string; subject: string }> {
  const [first] = (await backend.listVoicemail()).items;
  if (first === undefined) throw new Error('the demo mailbox has no voicemail');
  return { id: first.id, subject: first.subject };
}

async function rejection(promise: Promise<unknown>): Promise<MailboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MailboxError) return error;
    throw error;
  }
  throw new Error('it did not fail');
}

describe('Graph voicemail delete', () => {
  it('a move whose answer is lost is sent once more, and its 404 is the delete done', async () => {
    const backend = graphBackend();
    const { id, subject } = await firstVoicemail(backend);
    const deletedBefore = await deletedSubjects();
    await suite.admin.inject({ face: 'graph', operation: 'move', kind: 'truncated' });

    await backend.deleteVoicemail(id);

    expect(await moves(id)).toEqual([{ status: 0, fault: 'truncated' }, { status: 404 }]);
    expect((await backend.listVoicemail()).items.map((i) => i.id)).not.toContain(id);
    const deletedAfter = await deletedSubjects();
    expect(deletedAfter).toHaveLength(deletedBefore.length + 1);
    expect(deletedAfter.filter((s) => s === subject).length).toBe(
      deletedBefore.filter((s) => s === subject).length + 1,
    );
  });

  it('deleting the same voicemail twice is done twice, and moves it once', async () => {
    const backend = graphBackend();
    const { id } = await firstVoicemail(backend);
    const deletedBefore = (await deletedSubjects()).length;

    await backend.deleteVoicemail(id);
    await backend.deleteVoicemail(id);

    expect(await moves(id)).toEqual([{ status: 201 }, { status: 404 }]);
    expect(await deletedSubjects()).toHaveLength(deletedBefore + 1);
  });

  it('an id this session never moved is still not found, every time', async () => {
    const backend = graphBackend();
    const unknown = 'AAMkAGI2bm9uZQ';
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await rejection(backend.deleteVoicemail(unknown));
      expect([error.kind, error.code]).toEqual(['server', 'ErrorItemNotFound']);
    }
    expect(await moves(unknown)).toEqual([{ status: 404 }, { status: 404 }]);
  });

  it('a voicemail moved by another session is not found for this one', async () => {
    const backend = graphBackend();
    const { id } = await firstVoicemail(backend);
    const elsewhere = await graph(
      suite.sim,
      'POST',
      `/me/messages/${encodeURIComponent(id)}/move`,
      {
        body: { destinationId: 'deleteditems' },
      },
    );
    expect(elsewhere.status).toBe(201);
    const error = await rejection(backend.deleteVoicemail(id));
    expect([error.kind, error.code]).toEqual(['server', 'ErrorItemNotFound']);
  });
});
