/**
 * SyncFolderItems against the simulator over real sockets: the first sync pages through the
 * whole folder, later ones return what changed (Create, Update, Delete, ReadFlagChange) after
 * admin changes and the client's own writes, and SyncState is opaque and checked.
 */
import { describe, expect, it } from 'vitest';
import { isObject, type XmlObject } from '../../../src-main/ews/xml/parse.js';
import {
  admin,
  ALEX,
  at,
  attr,
  child,
  children,
  ews,
  messagesOf,
  NESTOR,
  only,
  reset,
  textAt,
  useTestSimulator,
} from './support.js';

const h = useTestSimulator();

function syncBody(
  folder: string,
  syncState: string | undefined,
  max: number,
  shape = 'IdOnly',
): string {
  const state = syncState === undefined ? '' : `<m:SyncState>${syncState}</m:SyncState>`;
  return `<m:SyncFolderItems><m:ItemShape><t:BaseShape>${shape}</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="${folder}"/></m:SyncFolderId>${state}<m:MaxChangesReturned>${max}</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`;
}

interface Change {
  kind: string;
  id: string | undefined;
  isRead?: string | undefined;
  subject?: string | undefined;
}

interface Synced {
  code: string | undefined;
  syncState: string;
  last: boolean;
  changes: Change[];
}

/** The changes in document order. */
function changesOf(changes: XmlObject | undefined): Change[] {
  if (!changes) return [];
  // The parser groups same-named siblings; within a kind the order is the change order.
  const out: Change[] = [];
  for (const kind of ['Create', 'Update', 'Delete', 'ReadFlagChange']) {
    for (const node of children(changes, kind)) {
      if (!isObject(node)) continue;
      const item = child(node, 'CalendarItem') ?? child(node, 'Message');
      const id = attr(child(item ?? node, 'ItemId'), 'Id');
      out.push({
        kind,
        id,
        ...(kind === 'ReadFlagChange' ? { isRead: textAt(node, 'IsRead') } : {}),
        ...(item ? { subject: textAt(item, 'Subject') } : {}),
      });
    }
  }
  return out;
}

async function sync(
  folder: string,
  syncState: string | undefined,
  max = 512,
  options: { user?: string; shape?: string } = {},
): Promise<Synced> {
  const result = await ews(h.sim, syncBody(folder, syncState, max, options.shape), {
    user: options.user ?? ALEX,
  });
  expect(result.status).toBe(200);
  const message = only(messagesOf(result, 'SyncFolderItemsResponse'));
  const changes = at(message, 'Changes');
  return {
    code: textAt(message, 'ResponseCode'),
    syncState: textAt(message, 'SyncState') ?? '',
    last: textAt(message, 'IncludesLastItemInRange') === 'true',
    changes: changesOf(isObject(changes) ? changes : undefined),
  };
}

/** Syncs until IncludesLastItemInRange; returns every change and the final state. */
async function syncAll(folder: string, syncState: string | undefined, max: number) {
  const changes: Change[] = [];
  let state = syncState;
  let pages = 0;
  for (;;) {
    const page = await sync(folder, state, max);
    expect(page.code).toBe('NoError');
    expect(page.changes.length).toBeLessThanOrEqual(max);
    changes.push(...page.changes);
    state = page.syncState;
    pages += 1;
    if (page.last) return { changes, state, pages };
    expect(pages).toBeLessThan(100);
  }
}

describe('SyncFolderItems on the calendar', () => {
  it('pages through the whole folder on the first sync, MaxChangesReturned at a time', async () => {
    const calendar = (await admin<{ id: string }[]>(h.sim, 'GET', `/mailboxes/${ALEX}/calendar`))
      .json;
    expect(calendar.length).toBeGreaterThan(3);
    const all = await syncAll('calendar', undefined, 2);
    expect(all.pages).toBe(Math.ceil(calendar.length / 2));
    expect(all.changes.every((c) => c.kind === 'Create')).toBe(true);
    expect(all.changes.map((c) => c.id).sort()).toEqual(calendar.map((c) => c.id).sort());
    // Nothing changed since: an empty, final page.
    const after = await sync('calendar', all.state);
    expect(after).toMatchObject({ code: 'NoError', last: true, changes: [] });
  });

  it('then returns Create, Update and Delete for added, moved, cancelled and deleted meetings', async () => {
    const start = await syncAll('calendar', undefined, 512);
    const calendar = (await admin<{ id: string }[]>(h.sim, 'GET', `/mailboxes/${ALEX}/calendar`))
      .json;
    const [moved, deleted] = calendar;
    const added = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'Launch party',
      start: '2025-06-12T22:00:00Z',
      end: '2025-06-12T23:00:00Z',
    });
    await admin(
      h.sim,
      'POST',
      `/mailboxes/${ALEX}/calendar/${encodeURIComponent(moved?.id ?? '')}/move`,
      {
        start: '2025-06-13T16:00:00Z',
        end: '2025-06-13T17:00:00Z',
      },
    );
    const removed = await ews(
      h.sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="${deleted?.id ?? ''}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(textAt(only(messagesOf(removed, 'DeleteItemResponse')), 'ResponseCode')).toBe('NoError');

    const next = await sync('calendar', start.state, 512, { shape: 'Default' });
    expect(next.code).toBe('NoError');
    expect(next.last).toBe(true);
    expect(next.changes).toEqual(
      expect.arrayContaining([
        { kind: 'Create', id: added.json.id, subject: 'Launch party' },
        expect.objectContaining({ kind: 'Update', id: moved?.id }),
        { kind: 'Delete', id: deleted?.id },
      ]),
    );
    expect(next.changes).toHaveLength(3);
  });

  it('pages later changes too, and a SyncState can be used again (the same changes come back)', async () => {
    const start = await syncAll('calendar', undefined, 512);
    const ids: string[] = [];
    for (const subject of ['A', 'B', 'C']) {
      const added = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
        subject,
        start: '2025-06-12T22:00:00Z',
        end: '2025-06-12T23:00:00Z',
      });
      ids.push(added.json.id);
    }
    const first = await sync('calendar', start.state, 2);
    expect(first.last).toBe(false);
    expect(first.changes.map((c) => c.id)).toEqual(ids.slice(0, 2));
    const repeat = await sync('calendar', start.state, 2);
    expect(repeat.changes.map((c) => c.id)).toEqual(ids.slice(0, 2));
    const second = await sync('calendar', first.syncState, 2);
    expect(second.last).toBe(true);
    expect(second.changes.map((c) => c.id)).toEqual(ids.slice(2));
  });
});

describe('SyncFolderItems on voicemail', () => {
  it('returns a dropped voicemail as Create, a read flag as ReadFlagChange, a deletion as Delete', async () => {
    const start = await syncAll('voicemail', undefined, 512);
    expect(start.changes.length).toBeGreaterThan(0);
    const dropped = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
      callerName: 'Megan Bowen',
      callerNumber: '+1 425 555 0100',
    });
    const created = await sync('voicemail', start.state, 512, { shape: 'Default' });
    expect(created.changes.map((c) => [c.kind, c.id])).toEqual([['Create', dropped.json.id]]);
    expect(created.changes[0]?.subject).toContain('Megan Bowen');

    await ews(
      h.sim,
      `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="${dropped.json.id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
    );
    const read = await sync('voicemail', created.syncState);
    expect(read.changes).toEqual([{ kind: 'ReadFlagChange', id: dropped.json.id, isRead: 'true' }]);

    await ews(
      h.sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="${dropped.json.id}"/></m:ItemIds></m:DeleteItem>`,
    );
    const gone = await sync('voicemail', read.syncState);
    expect(gone.changes).toEqual([{ kind: 'Delete', id: dropped.json.id }]);
    // Created and deleted between two syncs: the client never hears of it.
    const brief = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/voicemail`, {
      callerName: 'Lee Gu',
      callerNumber: '+1 425 555 0101',
    });
    await ews(
      h.sim,
      `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="${brief.json.id}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect((await sync('voicemail', gone.syncState)).changes).toEqual([]);
  });
});

describe('SyncState', () => {
  it('is opaque: it does not show the folder, the mailbox or a counter', async () => {
    const { state } = await syncAll('calendar', undefined, 512);
    const decoded = Buffer.from(state, 'base64').toString('latin1');
    expect(decoded).not.toMatch(/calendar|alex|beacon/i);
    const again = await sync('calendar', undefined, 512);
    expect(again.syncState).not.toBe(state);
  });

  it('is refused with ErrorInvalidSyncStateData when garbled, forged, for another folder or mailbox, or from before a reset', async () => {
    const { state } = await syncAll('calendar', undefined, 512);
    const flipped = Buffer.from(state, 'base64');
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    const invalid = [
      'not a sync state',
      Buffer.from('{"folder":"calendar","seq":0}').toString('base64'),
      flipped.toString('base64'),
    ];
    for (const bad of invalid) {
      const answer = await sync('calendar', bad);
      expect(answer.code).toBe('ErrorInvalidSyncStateData');
    }
    expect((await sync('voicemail', state)).code).toBe('ErrorInvalidSyncStateData');
    expect((await sync('calendar', state, 512, { user: NESTOR })).code).toBe(
      'ErrorInvalidSyncStateData',
    );
    await reset(h.sim, 'demo');
    expect((await sync('calendar', state)).code).toBe('ErrorInvalidSyncStateData');
  });

  it('voicemail of a mailbox without Unified Messaging is ErrorSyncFolderNotFound', async () => {
    expect((await sync('voicemail', undefined, 10, { user: NESTOR })).code).toBe(
      'ErrorSyncFolderNotFound',
    );
  });
});
