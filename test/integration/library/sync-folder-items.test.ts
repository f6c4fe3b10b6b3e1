/**
 * SyncFolderItems through EwsClient against a small scripted EWS server on a real socket: the
 * IncludesLastItemInRange loop with the sync state carried from answer to request, its bound,
 * the voicemail folder falling back to the inbox (and the inbox's state continuing next time),
 * and a refused sync state. Every request the server receives is checked against the schema.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { SyncStateInvalidError } from '../../../src-main/ews/operations/notifications-errors.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
import { EwsSchemaValidator } from '../../../src-main/sim/schema/ews-schema-validator.js';

interface SyncRequest {
  folder: string;
  syncState: string | undefined;
  max: string | undefined;
  fields: string[];
  valid: boolean;
}

type Answer = (request: SyncRequest) => string;

const page = (state: string, last: boolean, changes: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:SyncFolderItemsResponse><m:ResponseMessages><m:SyncFolderItemsResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:SyncState>${state}</m:SyncState><m:IncludesLastItemInRange>${String(last)}</m:IncludesLastItemInRange><m:Changes>${changes}</m:Changes></m:SyncFolderItemsResponseMessage></m:ResponseMessages></m:SyncFolderItemsResponse></s:Body></s:Envelope>`;

const failure = (code: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:SyncFolderItemsResponse><m:ResponseMessages><m:SyncFolderItemsResponseMessage ResponseClass="Error"><m:MessageText>no</m:MessageText><m:ResponseCode>${code}</m:ResponseCode><m:SyncState/><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange></m:SyncFolderItemsResponseMessage></m:ResponseMessages></m:SyncFolderItemsResponse></s:Body></s:Envelope>`;

const meeting = (kind: 'Create' | 'Update', id: string, start: string, status = 'Busy'): string =>
  `<t:${kind}><t:CalendarItem><t:ItemId Id="${id}" ChangeKey="K${id}"/><t:ItemClass>IPM.Appointment</t:ItemClass><t:Subject>Meeting ${id}</t:Subject><t:Start>${start}</t:Start><t:End>2026-03-17T23:00:00Z</t:End><t:IsAllDayEvent>false</t:IsAllDayEvent><t:LegacyFreeBusyStatus>${status}</t:LegacyFreeBusyStatus><t:CalendarItemType>Single</t:CalendarItemType></t:CalendarItem></t:${kind}>`;

const voicemail = (id: string, isRead: boolean): string =>
  `<t:Create><t:Message><t:ItemId Id="${id}"/><t:ItemClass>IPM.Note.Microsoft.Voicemail.UM.CA</t:ItemClass><t:Subject>Voice Mail from Megan Bowen (13 seconds)</t:Subject><t:DateTimeReceived>2026-03-17T15:07:00Z</t:DateTimeReceived><t:IsRead>${String(isRead)}</t:IsRead></t:Message></t:Create>`;

let server: Server;
let url: string;
let validator: EwsSchemaValidator;
let requests: SyncRequest[] = [];
let answer: Answer = () => failure('ErrorInternalServerError');
const clients: EwsClient[] = [];

function client(): EwsClient {
  const c = new EwsClient({
    url,
    auth: new BasicAuth('alex@beacon.test', 'pw'),
    mailbox: 'alex@beacon.test',
    gates: new GateRegistry(systemClock),
    backoff: { baseDelayMs: 20, maxDelayMs: 50 },
    random: () => 0.5,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  validator = EwsSchemaValidator.load();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const request: SyncRequest = {
        folder: /<m:SyncFolderId><t:DistinguishedFolderId Id="(\w+)"/.exec(body)?.[1] ?? '',
        syncState: /<m:SyncState>([^<]*)</.exec(body)?.[1],
        max: /<m:MaxChangesReturned>(\d+)</.exec(body)?.[1],
        fields: [...body.matchAll(/FieldURI="([^"]+)"/g)].map((m) => m[1] ?? ''),
        valid: validator.validateEnvelope(body).valid,
      };
      requests.push(request);
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(answer(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
});

afterEach(() => {
  requests = [];
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

describe('SyncFolderItems', () => {
  it('follows IncludesLastItemInRange, carrying the sync state, and returns every change', async () => {
    answer = (r) =>
      r.syncState === undefined
        ? page(
            'S1',
            false,
            meeting('Create', 'M1', '2026-03-17T17:30:00Z') +
              meeting('Create', 'M2', '2026-03-17T19:00:00Z', 'Tentative'),
          )
        : page(
            'S2',
            true,
            `${meeting('Update', 'M1', '2026-03-17T18:00:00Z')}<t:Delete><t:ItemId Id="M0"/></t:Delete>`,
          );
    const result = await client().syncFolderItems({ folder: 'calendar', maxChangesReturned: 2 });
    expect(result.folder).toBe('calendar');
    expect(result.syncState).toBe('S2');
    expect(result.includesLastItemInRange).toBe(true);
    expect(
      result.changes.map((c) =>
        c.kind === 'create' || c.kind === 'update'
          ? [c.kind, c.item.id, c.item.start?.toISOString(), c.item.freeBusy]
          : [c.kind, c.id],
      ),
    ).toEqual([
      ['create', 'M1', '2026-03-17T17:30:00.000Z', 'Busy'],
      ['create', 'M2', '2026-03-17T19:00:00.000Z', 'Tentative'],
      ['update', 'M1', '2026-03-17T18:00:00.000Z', 'Busy'],
      ['delete', 'M0'],
    ]);
    expect(requests.map((r) => [r.folder, r.syncState, r.max, r.valid])).toEqual([
      ['calendar', undefined, '2', true],
      ['calendar', 'S1', '2', true],
    ]);
    expect(requests[0]?.fields).toEqual([
      'item:ItemClass',
      'item:Subject',
      'calendar:Start',
      'calendar:End',
      'calendar:IsAllDayEvent',
      'calendar:LegacyFreeBusyStatus',
      'calendar:CalendarItemType',
    ]);
  });

  it('stops after maxRounds and says the range is not complete yet', async () => {
    let n = 0;
    answer = () =>
      page(`S${String(++n)}`, false, meeting('Create', `M${String(n)}`, '2026-03-17T17:30:00Z'));
    const result = await client().syncFolderItems({ folder: 'calendar', maxRounds: 3 });
    expect(result.includesLastItemInRange).toBe(false);
    expect(result.syncState).toBe('S3');
    expect(result.changes).toHaveLength(3);
    expect(requests.map((r) => r.syncState)).toEqual([undefined, 'S1', 'S2']);
  });

  it('falls back to the inbox without a voicemail folder, and continues the inbox next time', async () => {
    answer = (r) =>
      r.folder === 'voicemail'
        ? failure('ErrorFolderNotFound')
        : r.syncState === undefined
          ? page('IS1', true, voicemail('V1', false))
          : page(
              'IS2',
              true,
              `<t:ReadFlagChange><t:ItemId Id="V1"/><t:IsRead>true</t:IsRead></t:ReadFlagChange>`,
            );
    const first = await client().syncFolderItems({ folder: 'voicemail' });
    expect(first.folder).toBe('inbox');
    expect(first.syncState).toBe('inbox:IS1');
    expect(first.changes).toEqual([
      {
        kind: 'create',
        item: {
          id: 'V1',
          itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
          subject: 'Voice Mail from Megan Bowen (13 seconds)',
          received: new Date('2026-03-17T15:07:00Z'),
          isRead: false,
        },
      },
    ]);
    const next = await client().syncFolderItems({
      folder: 'voicemail',
      syncState: first.syncState,
    });
    expect(next).toEqual({
      folder: 'inbox',
      syncState: 'inbox:IS2',
      includesLastItemInRange: true,
      changes: [{ kind: 'readFlagChange', id: 'V1', isRead: true }],
    });
    expect(requests.map((r) => [r.folder, r.syncState, r.valid])).toEqual([
      ['voicemail', undefined, true],
      ['inbox', undefined, true],
      ['inbox', 'IS1', true],
    ]);
  });

  it('says SyncStateInvalidError when the server refuses the sync state', async () => {
    answer = () => failure('ErrorInvalidSyncStateData');
    const error = await client()
      .syncFolderItems({ folder: 'calendar', syncState: 'stale' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncStateInvalidError);
    expect((error as SyncStateInvalidError).responseCode).toBe('ErrorInvalidSyncStateData');
    expect(requests.map((r) => r.syncState)).toEqual(['stale']);
  });
});
