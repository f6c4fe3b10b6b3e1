import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import {
  admin,
  ALEX,
  availabilityRequest,
  calendarView,
  ews,
  schemaValidator,
  startTestSimulator,
} from './support.js';

let sim: RunningSimulator;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'beacon-sim-record-'));
  sim = await startTestSimulator({ recordDir: dir });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One request per operation and shape, successes and per-item errors alike. */
const REQUESTS = [
  `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
  `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>ghost@beacon.test</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`,
  `<m:SetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox><t:UserOofSettings><t:OofState>Enabled</t:OofState><t:ExternalAudience>All</t:ExternalAudience></t:UserOofSettings></m:SetUserOofSettingsRequest>`,
  availabilityRequest(
    [ALEX, 'ghost@beacon.test', 'lee@beacon.test', 'megan@beacon.test'],
    '2025-06-10T00:00:00',
    '2025-06-12T00:00:00',
    'DetailedMerged',
  ),
  calendarView('2025-06-09T00:00:00Z', '2025-06-20T00:00:00Z', [
    'item:Subject',
    'item:Sensitivity',
    'item:Body',
    'item:ReminderIsSet',
    'item:ReminderMinutesBeforeStart',
    'calendar:Start',
    'calendar:End',
    'calendar:OriginalStart',
    'calendar:IsAllDayEvent',
    'calendar:LegacyFreeBusyStatus',
    'calendar:Location',
    'calendar:IsMeeting',
    'calendar:IsCancelled',
    'calendar:IsRecurring',
    'calendar:CalendarItemType',
    'calendar:MyResponseType',
    'calendar:Organizer',
    'calendar:RequiredAttendees',
    'calendar:OptionalAttendees',
    'calendar:IsOnlineMeeting',
    'calendar:JoinOnlineMeetingUrl',
  ]),
  `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="2" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="voicemail"/></m:ParentFolderIds></m:FindItem>`,
  `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>`,
  `<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="bad"/></m:ItemIds></m:GetItem>`,
  `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="bad"/></m:AttachmentIds></m:GetAttachment>`,
  `<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="AutoResolve"><m:ItemChanges><t:ItemChange><t:ItemId Id="bad"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>true</t:IsRead></t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>`,
  `<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="bad"/></m:ItemIds></m:DeleteItem>`,
  `<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:Message><t:Subject>x</t:Subject></t:Message></m:Items></m:CreateItem>`,
  `<m:GetMailTips><m:SendingAs><t:EmailAddress>${ALEX}</t:EmailAddress></m:SendingAs><m:Recipients><t:Mailbox><t:EmailAddress>adele@beacon.test</t:EmailAddress></t:Mailbox><t:Mailbox><t:EmailAddress>x@y.z</t:EmailAddress></t:Mailbox></m:Recipients><m:MailTipsRequested>OutOfOfficeMessage</m:MailTipsRequested></m:GetMailTips>`,
  `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>L</m:UnresolvedEntry></m:ResolveNames>`,
  `<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>nobody-at-all</m:UnresolvedEntry></m:ResolveNames>`,
];

describe('--record', () => {
  it('writes numbered request/response pairs, and every non-fault response validates against messages.xsd', async () => {
    for (const body of REQUESTS) await ews(sim, body);
    await admin(sim, 'POST', '/faults', { kind: 'server-busy', backOffMs: 50 });
    await ews(sim, REQUESTS[0] ?? '');

    const files = readdirSync(dir).sort();
    expect(files.slice(0, 4)).toEqual([
      '0001-GetUserOofSettings.request.xml',
      '0001-GetUserOofSettings.response.xml',
      '0002-GetUserOofSettings.request.xml',
      '0002-GetUserOofSettings.response.xml',
    ]);
    expect(files).toContain('0004-GetUserAvailability.response.xml');
    expect(files).toHaveLength((REQUESTS.length + 1) * 2);

    const responses = files.filter((f) => f.endsWith('.response.xml'));
    let checked = 0;
    for (const file of responses) {
      const xml = readFileSync(join(dir, file), 'utf8');
      if (xml.includes(':Fault>')) continue;
      expect({ file, result: schemaValidator().validateEnvelope(xml) }).toEqual({
        file,
        result: { valid: true },
      });
      checked += 1;
    }
    expect(checked).toBe(REQUESTS.length);
    const last = readFileSync(join(dir, responses.at(-1) ?? ''), 'utf8');
    expect(last).toContain('<t:Value Name="BackOffMilliseconds">50</t:Value>');
  });
});
