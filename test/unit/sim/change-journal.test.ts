import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailboxJournal } from '../../../src-main/sim/change-journal.js';
import { newMessage } from '../../../src-main/sim/factory.js';
import type { Mailbox, MailboxStore } from '../../../src-main/sim/model.js';
import { page } from '../../../src-main/sim/operations/sync.js';
import { seedEmpty } from '../../../src-main/sim/seed.js';
import type { SyncPosition } from '../../../src-main/sim/subscriptions.js';

const T0 = Date.parse('2025-06-10T17:07:00Z');

function fresh(): { store: MailboxStore; alex: Mailbox } {
  const store = seedEmpty();
  const alex = store.find('alex@beacon.test');
  if (!alex) throw new Error('no alex');
  return { store, alex };
}

function mail(store: MailboxStore, alex: Mailbox, subject: string, isRead = false) {
  return newMessage(store, alex, {
    folder: 'inbox',
    subject,
    body: 'hi',
    from: { name: 'Megan', email: 'megan@beacon.test' },
    to: [],
    received: T0,
    isRead,
  });
}

describe('MailboxJournal events', () => {
  it('raises Created + NewMail for new inbox mail, Modified for a change, Moved for a move, Deleted for a removal', () => {
    const { store, alex } = fresh();
    const journal = new MailboxJournal(alex, T0);
    const m = mail(store, alex, 'Hello');
    const created = journal.observe(T0);
    expect(created.filter((e) => e.item).map((e) => e.type)).toEqual([
      'CreatedEvent',
      'NewMailEvent',
    ]);
    expect(created.filter((e) => !e.item).map((e) => [e.type, e.folder, e.unreadCount])).toEqual([
      ['ModifiedEvent', 'inbox', 1],
    ]);

    m.subject = 'Hello again';
    expect(
      journal
        .observe(T0)
        .filter((e) => e.item)
        .map((e) => e.type),
    ).toEqual(['ModifiedEvent']);

    m.folder = 'deleteditems';
    const moved = journal.observe(T0).filter((e) => e.item);
    expect(moved.map((e) => [e.type, e.folder, e.oldFolder])).toEqual([
      ['MovedEvent', 'deleteditems', 'inbox'],
    ]);

    alex.messages = [];
    expect(
      journal
        .observe(T0)
        .filter((e) => e.item)
        .map((e) => [e.type, e.folder]),
    ).toEqual([['DeletedEvent', 'deleteditems']]);
    expect(journal.observe(T0)).toEqual([]);
  });

  it('watermarks (seqs) only grow', () => {
    const { store, alex } = fresh();
    const journal = new MailboxJournal(alex, T0);
    mail(store, alex, 'a');
    mail(store, alex, 'b');
    const seqs = journal.observe(T0).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

type Op =
  | { kind: 'add'; read: boolean }
  | { kind: 'read'; index: number; value: boolean }
  | { kind: 'edit'; index: number }
  | { kind: 'move'; index: number }
  | { kind: 'remove'; index: number }
  | { kind: 'observe' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), read: fc.boolean() }),
  fc.record({ kind: fc.constant('read' as const), index: fc.nat(20), value: fc.boolean() }),
  fc.record({ kind: fc.constant('edit' as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat(20) }),
  fc.constant({ kind: 'observe' as const }),
);

describe('SyncFolderItems paging over the journal', () => {
  it('a client that applies every page ends with exactly the folder, whatever the page size and history', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(op, { maxLength: 40 }),
        fc.integer({ min: 1, max: 6 }),
        (before, after, max) => {
          const { store, alex } = fresh();
          for (let i = 0; i < 3; i += 1) mail(store, alex, `seed ${i}`);
          const journal = new MailboxJournal(alex, T0);
          const replica = new Map<string, boolean | undefined>();
          let position: SyncPosition = { seq: 0, known: new Map() };
          const syncAll = (): void => {
            journal.observe(T0);
            for (;;) {
              const result = page(
                journal.changedSince('inbox', position.seq),
                position,
                max,
                journal.head,
              );
              expect(result.changes.length).toBeLessThanOrEqual(max);
              for (const change of result.changes) {
                if (change.kind === 'Delete') {
                  expect(replica.has(change.entry.id)).toBe(true);
                  replica.delete(change.entry.id);
                } else if (change.kind === 'Create') {
                  expect(replica.has(change.entry.id)).toBe(false);
                  replica.set(change.entry.id, change.entry.isRead);
                } else {
                  expect(replica.has(change.entry.id)).toBe(true);
                  replica.set(change.entry.id, change.entry.isRead);
                }
              }
              position = result.next;
              if (result.last) return;
            }
          };
          const apply = (o: Op): void => {
            const inbox = alex.messages.filter((m) => m.folder === 'inbox');
            const target =
              inbox.length === 0 ? undefined : inbox[('index' in o ? o.index : 0) % inbox.length];
            switch (o.kind) {
              case 'add':
                mail(store, alex, 'new', o.read);
                return;
              case 'read':
                if (target) target.isRead = o.value;
                return;
              case 'edit':
                if (target) target.subject += '!';
                return;
              case 'move':
                if (target) target.folder = 'deleteditems';
                return;
              case 'remove':
                if (target) alex.messages = alex.messages.filter((m) => m !== target);
                return;
              case 'observe':
                journal.observe(T0);
                return;
            }
          };
          before.forEach(apply);
          syncAll();
          after.forEach(apply);
          syncAll();
          const actual = new Map(
            alex.messages.filter((m) => m.folder === 'inbox').map((m) => [m.id, m.isRead]),
          );
          expect(replica).toEqual(actual);
        },
      ),
      { numRuns: 150 },
    );
  });
});
