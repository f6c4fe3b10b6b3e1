/**
 * Simulator fidelity over real sockets: every item id form the schema allows where Exchange takes
 * an item (ItemId, OccurrenceItemId, RecurringMasterItemId) in GetItem, UpdateItem and DeleteItem,
 * with Exchange's error for each wrong use, and every xs:boolean lexical form in requests.
 * Every 200 answer is checked against messages.xsd by `ews`.
 */
import { describe, expect, it } from 'vitest';
import type { XmlObject } from '../../../src-main/ews/xml/parse.js';
import {
  admin,
  ALEX,
  at,
  attr,
  ews,
  messagesOf,
  only,
  textAt,
  useTestSimulator,
} from './support.js';

const h = useTestSimulator();

interface Entry {
  id: string;
  seriesId?: string | null;
  kind?: string;
  subject: string;
  start: string;
}

async function standUps(): Promise<{ seriesId: string; occurrences: Entry[] }> {
  const { json } = await admin<Entry[]>(
    h.sim,
    'GET',
    `/mailboxes/${ALEX}/calendar?start=2024-01-01T00:00:00Z&end=2025-07-01T00:00:00Z`,
  );
  const occurrences = json
    .filter((e) => e.subject === 'Daily stand-up')
    .sort((a, b) => a.start.localeCompare(b.start));
  const seriesId = occurrences[0]?.seriesId;
  if (typeof seriesId !== 'string') throw new Error('no recurring stand-up in the seed');
  return { seriesId, occurrences };
}

const shape = `<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="calendar:Start"/><t:FieldURI FieldURI="calendar:CalendarItemType"/></t:AdditionalProperties></m:ItemShape>`;

async function getItem(ids: string) {
  const result = await ews(h.sim, `<m:GetItem>${shape}<m:ItemIds>${ids}</m:ItemIds></m:GetItem>`);
  expect(result.status).toBe(200);
  return messagesOf(result, 'GetItemResponse');
}

const code = (message: XmlObject): string | undefined => textAt(message, 'ResponseCode');

describe('item id forms', () => {
  it('OccurrenceItemId names the n-th occurrence of a series (1-based)', async () => {
    const { seriesId, occurrences } = await standUps();
    const second = occurrences[1];
    if (second === undefined) throw new Error('fewer than two stand-ups');
    const message = only(
      await getItem(`<t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="2"/>`),
    );
    expect(code(message)).toBe('NoError');
    const item = at(message, 'Items', 'CalendarItem');
    expect(textAt(item, 'Start')).toBe(second.start.replace('.000Z', 'Z'));
    expect(textAt(item, 'CalendarItemType')).toBe('Occurrence');
    expect(attr(at(item, 'ItemId'), 'Id')).toBe(second.id);
  });

  it('RecurringMasterItemId names the series of an occurrence', async () => {
    const { seriesId, occurrences } = await standUps();
    const message = only(
      await getItem(`<t:RecurringMasterItemId OccurrenceId="${occurrences[0]?.id ?? ''}"/>`),
    );
    expect(code(message)).toBe('NoError');
    const item = at(message, 'Items', 'CalendarItem');
    expect(attr(at(item, 'ItemId'), 'Id')).toBe(seriesId);
  });

  it("answers each wrong use with Exchange's error, one message per id", async () => {
    const { seriesId, occurrences } = await standUps();
    const single = await admin<{ id: string }>(h.sim, 'POST', `/mailboxes/${ALEX}/calendar`, {
      subject: 'One-off',
      start: '2025-06-11T16:00:00Z',
      end: '2025-06-11T17:00:00Z',
    });
    const messages = await getItem(
      [
        `<t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="0"/>`,
        `<t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="100000"/>`,
        `<t:OccurrenceItemId RecurringMasterId="${single.json.id}" InstanceIndex="1"/>`,
        `<t:OccurrenceItemId RecurringMasterId="${occurrences[0]?.id ?? ''}" InstanceIndex="1"/>`,
        `<t:OccurrenceItemId RecurringMasterId="not-an-id!" InstanceIndex="1"/>`,
        `<t:RecurringMasterItemId OccurrenceId="${seriesId}"/>`,
        `<t:RecurringMasterItemId OccurrenceId="${single.json.id}"/>`,
      ].join(''),
    );
    expect(messages.map(code)).toEqual([
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'ErrorCalendarCannotUseIdForRecurringMasterId',
      'ErrorCalendarCannotUseIdForRecurringMasterId',
      'ErrorInvalidIdMalformed',
      'ErrorCalendarCannotUseIdForOccurrenceId',
      'ErrorCalendarCannotUseIdForOccurrenceId',
    ]);
    expect(messages.map((m) => attr(m, 'ResponseClass'))).toEqual(Array(7).fill('Error'));
  });

  it("a list that mixes the forms is answered in the request's order", async () => {
    const { seriesId, occurrences } = await standUps();
    const missing = Buffer.from('beacon-sim:item:999999').toString('base64');
    const messages = await getItem(
      [
        `<t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="0"/>`,
        `<t:ItemId Id="${missing}"/>`,
        `<t:RecurringMasterItemId OccurrenceId="${occurrences[0]?.id ?? ''}"/>`,
        `<t:ItemId Id="${occurrences[1]?.id ?? ''}"/>`,
      ].join(''),
    );
    expect(messages.map(code)).toEqual([
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'ErrorItemNotFound',
      'NoError',
      'NoError',
    ]);
    expect(attr(at(messages[2], 'Items', 'CalendarItem', 'ItemId'), 'Id')).toBe(seriesId);
    expect(attr(at(messages[3], 'Items', 'CalendarItem', 'ItemId'), 'Id')).toBe(occurrences[1]?.id);
  });

  it('DeleteItem takes an OccurrenceItemId; the deleted occurrence is then reported as such', async () => {
    const { seriesId } = await standUps();
    const id = `<t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="3"/>`;
    const deleted = await ews(
      h.sim,
      `<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToNone"><m:ItemIds>${id}</m:ItemIds></m:DeleteItem>`,
    );
    expect(code(only(messagesOf(deleted, 'DeleteItemResponse')))).toBe('NoError');
    expect(code(only(await getItem(id)))).toBe('ErrorCalendarOccurrenceIsDeletedFromRecurrence');
    // The series itself and its other occurrences are still there.
    expect(code(only(await getItem(id.replace('"3"', '"4"'))))).toBe('NoError');
  });

  it('UpdateItem reads the occurrence form too (and says plainly that it updates messages only)', async () => {
    const { seriesId } = await standUps();
    const result = await ews(
      h.sim,
      `<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="0"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange><t:ItemChange><t:OccurrenceItemId RecurringMasterId="${seriesId}" InstanceIndex="1"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
    );
    expect(messagesOf(result, 'UpdateItemResponse').map(code)).toEqual([
      'ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange',
      'ErrorInvalidOperation',
    ]);
  });
});

interface AdminMessage {
  id: string;
  isRead: boolean;
  folder: string;
}

async function firstInboxMessage(): Promise<AdminMessage> {
  const { json } = await admin<AdminMessage[]>(h.sim, 'GET', `/mailboxes/${ALEX}/messages`);
  const message = json.find((m) => m.folder === 'inbox');
  if (message === undefined) throw new Error('no inbox message in the seed');
  return message;
}

async function setIsRead(id: string, lexical: string): Promise<string | undefined> {
  const result = await ews(
    h.sim,
    `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="${id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>${lexical}</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
  );
  return code(only(messagesOf(result, 'UpdateItemResponse')));
}

describe('xs:boolean in requests', () => {
  it.each([
    ['true', true],
    ['1', true],
    [' \n\t1 ', true],
    ['false', false],
    ['0', false],
    ['  false\r\n', false],
  ])('IsRead %j is %s', async (lexical, expected) => {
    const message = await firstInboxMessage();
    // Start from the opposite, so that the update must change it.
    expect(await setIsRead(message.id, expected ? 'false' : 'true')).toBe('NoError');
    expect(await setIsRead(message.id, lexical)).toBe('NoError');
    const after = (
      await admin<AdminMessage[]>(h.sim, 'GET', `/mailboxes/${ALEX}/messages`)
    ).json.find((m) => m.id === message.id);
    expect(after?.isRead).toBe(expected);
  });

  it('a value outside the lexical space is a schema error, not a guess', async () => {
    const message = await firstInboxMessage();
    const result = await ews(
      h.sim,
      `<m:UpdateItem ConflictResolution="AlwaysOverwrite" MessageDisposition="SaveOnly"><m:ItemChanges><t:ItemChange><t:ItemId Id="${message.id}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>yes</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
    );
    expect(result.status).toBe(500);
    expect(result.xml).toContain('ErrorSchemaValidation');
  });

  it('ResolveNames ReturnFullContactData="1" and " true " return the contact, "0" does not', async () => {
    const resolve = async (flag: string) => {
      const result = await ews(
        h.sim,
        `<m:ResolveNames ReturnFullContactData="${flag}"><m:UnresolvedEntry>Nestor</m:UnresolvedEntry></m:ResolveNames>`,
      );
      const message = only(messagesOf(result, 'ResolveNamesResponse'));
      return at(message, 'ResolutionSet', 'Resolution', 'Contact') !== undefined;
    };
    expect(await resolve('1')).toBe(true);
    expect(await resolve(' true ')).toBe(true);
    expect(await resolve('0')).toBe(false);
    expect(await resolve('false')).toBe(false);
  });

  it('Subscribe SubscribeToAllFolders="1" (no folders named) subscribes; "0" is refused', async () => {
    const subscribe = async (flag: string) => {
      const result = await ews(
        h.sim,
        `<m:Subscribe><m:PullSubscriptionRequest SubscribeToAllFolders="${flag}"><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>`,
      );
      return code(only(messagesOf(result, 'SubscribeResponse')));
    };
    expect(await subscribe(' 1 ')).toBe('NoError');
    expect(await subscribe('true')).toBe('NoError');
    expect(await subscribe('0')).toBe('ErrorInvalidSubscriptionRequest');
  });

  it('SetUserOofSettings reads 1/0 flags as true/false', async () => {
    const set = (flag: string) =>
      ews(
        h.sim,
        `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>Disabled</t:OofState><t:ExternalAudience>None</t:ExternalAudience><t:InternalReply><t:Message>x</t:Message></t:InternalReply><t:ExternalReply><t:Message>x</t:Message></t:ExternalReply><t:DeclineEventsForScheduledOOF>${flag}</t:DeclineEventsForScheduledOOF></t:UserOofSettings></m:SetUserOofSettingsRequest>`,
      );
    const read = async () =>
      textAt(
        (
          await ews(
            h.sim,
            `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
          )
        ).body,
        'GetUserOofSettingsResponse',
        'OofSettings',
        'DeclineEventsForScheduledOOF',
      );
    expect((await set(' 1 ')).status).toBe(200);
    expect(await read()).toBe('true');
    expect((await set('0')).status).toBe(200);
    expect(await read()).toBe('false');
  });
});
