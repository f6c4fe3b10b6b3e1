/**
 * Mail on the Graph face over real HTTP, against the same mailbox the EWS face and the admin API
 * see: the voicemail filter Beacon sends, `$select`, `$expand` of extended properties, paging,
 * get, PATCH isRead, move to Deleted Items (a new id), DELETE, attachments and their bytes,
 * mail folders and the Conversation History folder, drafts with extended properties. Every
 * body is checked against the CSDL by the simulator (a failing response is a 500).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readClip } from '../../../../src-main/sim/audio.js';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { SimAdmin } from '../../../support/sim-admin.js';
import { ews, messagesOf, only, textAt } from '../support.js';
import { ALEX, corpusRequest, graph, graphError, replay, startGraphSimulator } from './support.js';

let sim: RunningSimulator;
let admin: SimAdmin;
beforeAll(async () => {
  sim = await startGraphSimulator();
  admin = new SimAdmin(sim);
});
afterAll(() => sim.close());
beforeEach(() => admin.reset());

const VOICEMAIL_FILTER =
  "singleValueExtendedProperties/Any(ep: ep/id eq 'String 0x001A' and ep/value eq 'IPM.Note.Microsoft.Voicemail.UM.CA') or singleValueExtendedProperties/Any(ep: ep/id eq 'String 0x001A' and ep/value eq 'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA')";
const EXPAND =
  "singleValueExtendedProperties($filter=id eq 'String 0x001A' or id eq 'Integer 0x6801' or id eq 'String 0x6802' or id eq 'String 0x6803')";

interface Message {
  id: string;
  subject?: string;
  isRead?: boolean;
  isDraft?: boolean;
  parentFolderId?: string;
  receivedDateTime?: string;
  hasAttachments?: boolean;
  body?: { contentType: string; content: string };
  singleValueExtendedProperties?: { id: string; value: string }[];
}
interface Page {
  value: Message[];
  '@odata.nextLink'?: string;
}

function q(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString().replace(/\+/g, '%20')}`;
}

async function voicemails(extra: Record<string, string> = {}): Promise<Message[]> {
  const result = await graph(
    sim,
    'GET',
    `/me/mailFolders/inbox/messages${q({ $filter: VOICEMAIL_FILTER, $top: '50', ...extra })}`,
  );
  expect(result.status).toBe(200);
  return (result.json as Page).value;
}

describe('listing voicemail', () => {
  it('finds the inbox voicemail with the class filter, newest first, with the UM properties', async () => {
    const list = await voicemails({ $expand: EXPAND, $select: 'subject,receivedDateTime,isRead' });
    const stored = await admin.voicemail(ALEX);
    expect(list.map((m) => m.subject)).toEqual(
      [...stored]
        .sort((a, b) => Date.parse(b.received) - Date.parse(a.received))
        .map((m) => m.subject),
    );
    expect(list).toHaveLength(9);
    const megan = list[0];
    expect(megan?.subject).toBe('Voice Mail from Megan Bowen (13 seconds)');
    expect(megan?.isRead).toBe(false);
    expect(megan?.body).toBeUndefined();
    expect(megan?.singleValueExtendedProperties).toEqual([
      { id: 'String 0x001A', value: 'IPM.Note.Microsoft.Voicemail.UM.CA' },
      { id: 'Integer 0x6801', value: '13' },
      { id: 'String 0x6802', value: '+14255550142' },
      { id: 'String 0x6803', value: 'Megan Bowen' },
    ]);
    const patti = list.find((m) => m.subject?.includes('Patti'));
    expect(patti?.singleValueExtendedProperties?.[0]?.value).toBe(
      'IPM.Note.rpmsg.Microsoft.Voicemail.UM.CA',
    );
  });

  it('takes the full 32-bit tag form and startswith as well', async () => {
    const result = await graph(
      sim,
      'GET',
      `/me/messages${q({
        $filter:
          "singleValueExtendedProperties/any(ep:ep/id eq 'String 0x001A001F' and startswith(ep/value, 'ipm.note.microsoft.voicemail'))",
        $top: '50',
        $select: 'subject',
      })}`,
    );
    expect(result.status).toBe(200);
    expect((result.json as Page).value).toHaveLength(8);
  });

  it('filters on an integer property with cast and leaves out the normal mail', async () => {
    const result = await graph(
      sim,
      'GET',
      `/me/messages${q({
        $filter:
          "singleValueExtendedProperties/any(ep: ep/id eq 'Integer 0x6801' and cast(ep/value, Edm.Int32) ge 13)",
        $select: 'subject',
      })}`,
    );
    expect(result.status).toBe(200);
    const subjects = (result.json as Page).value.map((m) => m.subject);
    expect(subjects).toContain('Voice Mail from Megan Bowen (13 seconds)');
    expect(subjects.every((s) => /\((1[3-9]|[2-9]\d) seconds\)/.test(s ?? ''))).toBe(true);
  });

  it('pages with $top and a whole nextLink until the last page', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/me/mailFolders/inbox/messages${q({
      $filter: VOICEMAIL_FILTER,
      $top: '4',
      $select: 'subject',
    })}`;
    let pages = 0;
    while (next !== undefined) {
      const result = await graph(sim, 'GET', next);
      expect(result.status).toBe(200);
      const page = result.json as Page;
      seen.push(...page.value.map((m) => m.id));
      next = page['@odata.nextLink'];
      if (next !== undefined) expect(next.startsWith(sim.graphUrl)).toBe(true);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(9);
  });

  it('answers the documented $select request and refuses what it cannot do with a 400', async () => {
    const documented = await replay(sim, corpusRequest('messages/user-list-messages.request.http'));
    expect(documented.status).toBe(200);
    const first = (documented.json as Page).value[0] as unknown as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['@odata.etag', 'id', 'sender', 'subject']);

    const bad = [
      q({ $filter: "singleValueExtendedProperties/any(ep: ep/id eq 'Strung 0x001A')" }),
      q({ $filter: 'nosuchProperty eq 1' }),
      q({ $select: 'subject,nothing' }),
      q({ $top: '1001' }),
      q({ $expand: 'singleValueExtendedProperties' }),
    ];
    for (const query of bad) {
      const result = await graph(sim, 'GET', `/me/messages${query}`);
      expect(result.status, query).toBe(400);
      expect(graphError(result).code).toBe('BadRequest');
    }
  });

  it("gives no one else's mail to a delegated caller", async () => {
    const result = await graph(sim, 'GET', '/users/nestor@beacon.test/messages');
    expect(result.status).toBe(403);
  });
});

describe('one voicemail', () => {
  async function megan(): Promise<Message> {
    const list = await voicemails({ $select: 'subject' });
    const found = list.find((m) => m.subject?.includes('Megan'));
    if (!found) throw new Error('no Megan voicemail');
    return found;
  }

  it('reads it with the transcript as text and its extended properties', async () => {
    const { id } = await megan();
    const result = await graph(sim, 'GET', `/me/messages/${id}${q({ $expand: EXPAND })}`, {
      headers: { Prefer: 'outlook.body-content-type="text"' },
    });
    expect(result.status).toBe(200);
    const message = result.json as Message;
    expect(message.body?.contentType).toBe('text');
    expect(message.body?.content).toContain("it's Megan from Contoso");
    expect(message.hasAttachments).toBe(true);
  });

  it('marks it read with PATCH, seen by the admin API too', async () => {
    const { id } = await megan();
    const result = await graph(sim, 'PATCH', `/me/messages/${id}`, { body: { isRead: true } });
    expect(result.status).toBe(200);
    expect((result.json as Message).isRead).toBe(true);
    const stored = (await admin.voicemail(ALEX)).find((m) => m.subject.includes('Megan'));
    expect(stored?.isRead).toBe(true);
    const refused = await graph(sim, 'PATCH', `/me/messages/${id}`, {
      body: { importance: 'high' },
    });
    expect(refused.status).toBe(400);
  });

  it('moves it to deleteditems with a new id: it leaves the voicemail list', async () => {
    const { id } = await megan();
    const request = corpusRequest('messages/message-move.request.http');
    const result = await replay(sim, request, { path: `/me/messages/${id}/move` });
    expect(result.status).toBe(201);
    const moved = result.json as Message;
    expect(moved.id).not.toBe(id);
    const folder = await graph(sim, 'GET', '/me/mailFolders/deleteditems');
    expect(moved.parentFolderId).toBe((folder.json as { id: string }).id);
    expect((await voicemails()).some((m) => m.id === id || m.id === moved.id)).toBe(false);
    expect((await graph(sim, 'GET', `/me/messages/${id}`)).status).toBe(404);
    expect((await admin.voicemail(ALEX)).some((m) => m.subject.includes('Megan'))).toBe(false);
  });

  it('deletes it with the documented DELETE (204), after which it is gone', async () => {
    const { id } = await megan();
    const request = corpusRequest('messages/message-delete.request.http');
    const result = await replay(sim, request, { path: request.path.replace('{id}', id) });
    expect(result.status).toBe(204);
    expect((await graph(sim, 'GET', `/me/messages/${id}`)).status).toBe(404);
    expect((await graph(sim, 'DELETE', `/me/messages/${id}`)).status).toBe(404);
  });

  it('lists its audio attachment and serves the exact bytes on $value', async () => {
    const { id } = await megan();
    const list = await graph(sim, 'GET', `/me/messages/${id}/attachments`);
    expect(list.status).toBe(200);
    const attachments = (list.json as { value: Record<string, unknown>[] }).value;
    expect(attachments).toHaveLength(1);
    const clip = readClip('megan');
    expect(attachments[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      contentType: 'audio/mpeg',
      size: clip.length,
      isInline: false,
    });
    expect(Buffer.from(String(attachments[0]?.contentBytes), 'base64').equals(clip)).toBe(true);
    const attachmentId = String(attachments[0]?.id);
    const one = await graph(sim, 'GET', `/me/messages/${id}/attachments/${attachmentId}`);
    expect((one.json as { name: string }).name).toMatch(/^VoiceMail-\d+\.mp3$/);
    const res = await fetch(
      `${sim.graphUrl}/me/messages/${id}/attachments/${attachmentId}/$value`,
      {
        headers: { Authorization: 'Bearer alex-token' },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await res.arrayBuffer()).equals(clip)).toBe(true);
    const missing = await graph(sim, 'GET', `/me/messages/${id}/attachments/AAAA/$value`);
    expect(missing.status).toBe(404);
  });

  it('lists attachments without their bytes when $select leaves them out, and refuses unknown names', async () => {
    const { id } = await megan();
    const list = await graph(
      sim,
      'GET',
      `/me/messages/${id}/attachments?$select=id,name,contentType,size,isInline`,
    );
    expect(list.status).toBe(200);
    const [only] = (list.json as { value: Record<string, unknown>[] }).value;
    expect(Object.keys(only ?? {}).sort()).toEqual(
      ['@odata.type', 'contentType', 'id', 'isInline', 'name', 'size'].sort(),
    );
    expect(only?.size).toBe(readClip('megan').length);
    const refused = await graph(sim, 'GET', `/me/messages/${id}/attachments?$select=id,colour`);
    expect(refused.status).toBe(400);
    expect(graphError(refused).message).toContain("'colour'");
  });
});

describe('mail folders and conversation history', () => {
  const FIND = `/me/mailFolders${q({ $filter: "displayName eq 'Conversation History'" })}`;

  it('finds Conversation History by name and by well-known name, with the same id', async () => {
    const found = await graph(sim, 'GET', FIND);
    expect(found.status).toBe(200);
    const [folder] = (
      found.json as { value: { id: string; displayName: string; totalItemCount: number }[] }
    ).value;
    expect(folder?.displayName).toBe('Conversation History');
    expect(folder?.totalItemCount).toBe(1);
    const byName = await graph(sim, 'GET', '/me/mailFolders/conversationhistory');
    expect((byName.json as { id: string }).id).toBe(folder?.id);
    const exists = await graph(sim, 'POST', '/me/mailFolders', {
      body: { displayName: 'Conversation History' },
    });
    expect(exists.status).toBe(409);
  });

  it('saves a conversation as a non-draft item with its class and flags, read back on both faces', async () => {
    const request = corpusRequest('mailFolders/mailfolder-post-messages.request.http');
    const body = {
      subject: 'Conversation with Megan Bowen',
      body: { contentType: 'html', content: '<p>Megan Bowen: lunch?</p>' },
      from: { emailAddress: { name: 'Alex Wilber', address: ALEX } },
      toRecipients: [{ emailAddress: { name: 'Megan Bowen', address: 'megan@beacon.test' } }],
      singleValueExtendedProperties: [
        { id: 'String 0x001A', value: 'IPM.Note.Microsoft.Conversation' },
        { id: 'Integer 0x0E07', value: '1' },
      ],
    };
    const created = await replay(sim, request, {
      path: '/me/mailFolders/conversationhistory/messages',
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const message = created.json as Message;
    expect(message.isDraft).toBe(false);
    expect(message.isRead).toBe(true);
    const read = await graph(
      sim,
      'GET',
      `/me/mailFolders/conversationhistory/messages/${message.id}${q({
        $expand: "singleValueExtendedProperties($filter=id eq 'String 0x001A')",
      })}`,
    );
    expect((read.json as Message).singleValueExtendedProperties).toEqual([
      { id: 'String 0x001A', value: 'IPM.Note.Microsoft.Conversation' },
    ]);
    const history = (await admin.conversationHistory(ALEX)) as unknown as {
      subject: string;
      itemClass: string;
    }[];
    expect(history.at(-1)).toMatchObject({
      subject: 'Conversation with Megan Bowen',
      itemClass: 'IPM.Note.Microsoft.Conversation',
    });
    const plain = await graph(sim, 'POST', '/me/mailFolders/conversationhistory/messages', {
      body: { subject: 'draft' },
    });
    expect((plain.json as Message).isDraft).toBe(true);
  });

  it('makes the folder with POST mailFolders when the mailbox lacks it', async () => {
    const removed = await fetch(`${sim.adminUrl}/mailboxes/${ALEX}/conversation-history`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(200);
    const none = await graph(sim, 'GET', FIND);
    expect((none.json as { value: unknown[] }).value).toEqual([]);
    expect((await graph(sim, 'GET', '/me/mailFolders/conversationhistory')).status).toBe(404);
    const made = await graph(sim, 'POST', '/me/mailFolders', {
      body: { displayName: 'Conversation History' },
    });
    expect(made.status).toBe(201);
    const again = await graph(sim, 'GET', FIND);
    expect((again.json as { value: { id: string }[] }).value[0]?.id).toBe(
      (made.json as { id: string }).id,
    );
    const other = await graph(sim, 'POST', '/me/mailFolders', { body: { displayName: 'Misc' } });
    expect(other.status).toBe(400);
  });

  it('refuses a body the CSDL does not know with RequestBodyRead and stores nothing', async () => {
    const before = (await admin.conversationHistory(ALEX)).length;
    const result = await graph(sim, 'POST', '/me/mailFolders/conversationhistory/messages', {
      body: { subject: 'x', noSuchProperty: true },
    });
    expect(result.status).toBe(400);
    expect(graphError(result).code).toBe('RequestBodyRead');
    expect((await admin.conversationHistory(ALEX)).length).toBe(before);
  });
});

describe('documented requests, sent as printed', () => {
  it('answers the extended-property filters of the docs (named properties: no message has one)', async () => {
    for (const name of ['2', '3', '4b']) {
      const request = corpusRequest(
        `messages/singlevaluelegacyextendedproperty-get-${name}.request.http`,
      );
      const result = await replay(sim, request);
      expect(result.status, name).toBe(200);
      expect((result.json as Page).value, name).toEqual([]);
    }
    // A GUID cast is beyond the simulator's filter: refused, not ignored.
    const guid = await replay(
      sim,
      corpusRequest('messages/singlevaluelegacyextendedproperty-get-4a.request.http'),
    );
    expect(guid.status).toBe(400);
  });

  it('answers the documented GET with a named-property $expand, and the attachment GETs', async () => {
    const [first] = await voicemails({ $select: 'subject' });
    const id = first?.id ?? '';
    const request = corpusRequest('messages/singlevaluelegacyextendedproperty-get-1.request.http');
    const result = await replay(sim, request, {
      path: request.path.replace('AAMkAGE1M2_bs88AACHsLqWAAA=', id),
    });
    expect(result.status).toBe(200);
    expect((result.json as Message).id).toBe(id);
    expect((result.json as Message).singleValueExtendedProperties).toEqual([]);

    const list = corpusRequest('attachments/message-list-attachments.request.http');
    const listed = await replay(sim, list, { path: list.path.replace('{id}', id) });
    const attachmentId = String((listed.json as { value: { id: string }[] }).value[0]?.id);
    const one = corpusRequest('attachments/attachment-get-1.request.http');
    const got = await replay(sim, one, {
      path: `/me/messages/${id}/attachments/${attachmentId}`,
    });
    expect((got.json as { id: string }).id).toBe(attachmentId);
    const raw = corpusRequest('attachments/attachment-get-5.request.http');
    expect(raw.path.endsWith('/$value')).toBe(true);
    const bytes = await replay(sim, raw, {
      path: `/me/messages/${id}/attachments/${attachmentId}/$value`,
    });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('refuses the documented placeholder bodies the CSDL refuses', async () => {
    const request = corpusRequest('mailFolders/mailfolder-post-messages.request.http');
    const result = await replay(sim, request, {
      path: '/me/mailFolders/conversationhistory/messages',
    });
    expect(result.status).toBe(400);
    expect(graphError(result).code).toBe('RequestBodyRead');
  });
});

describe('one mailbox, two faces', () => {
  const ewsId = (graphId: string): string => graphId.replace(/-/g, '+').replace(/_/g, '/');

  it('shows a voicemail marked read through Graph as read in EWS GetItem, under the same id', async () => {
    const [first] = await voicemails({ $select: 'subject,isRead' });
    expect(first?.isRead).toBe(false);
    const id = first?.id ?? '';
    expect(
      (await graph(sim, 'PATCH', `/me/messages/${id}`, { body: { isRead: true } })).status,
    ).toBe(200);
    const result = await ews(
      sim,
      `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="message:IsRead"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="${ewsId(id)}"/></m:ItemIds></m:GetItem>`,
    );
    const message = only(messagesOf(result, 'GetItemResponse'));
    expect(textAt(message, 'ResponseCode')).toBe('NoError');
    expect(textAt(message, 'Items', 'Message', 'IsRead')).toBe('true');
  });

  it('moves a voicemail deleted through EWS out of the Graph list and into deleteditems', async () => {
    const [first] = await voicemails({ $select: 'subject' });
    const deleted = await ews(
      sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="${ewsId(first?.id ?? '')}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(textAt(only(messagesOf(deleted, 'DeleteItemResponse')), 'ResponseCode')).toBe('NoError');
    expect((await voicemails()).map((m) => m.subject)).not.toContain(first?.subject);
    const bin = await graph(
      sim,
      'GET',
      `/me/mailFolders/deleteditems/messages${q({ $select: 'subject' })}`,
    );
    expect((bin.json as Page).value.map((m) => m.subject)).toContain(first?.subject);
  });
});
