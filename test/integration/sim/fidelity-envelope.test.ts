/**
 * Simulator fidelity over real sockets, at the envelope and HTTP level: SOAP 1.2 refused as
 * Exchange's SOAP 1.1 endpoint refuses it, an oversized body answered with a status and a fault
 * (not a reset connection), and answers that stay schema-valid when nothing matched.
 */
import { describe, expect, it } from 'vitest';
import {
  admin,
  ALEX,
  availabilityRequest,
  bearerFor,
  calendarView,
  ews,
  messagesOf,
  only,
  textAt,
  useTestSimulator,
  attr,
  at,
} from './support.js';

const h = useTestSimulator();

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const oofBody = `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`;
const soap12Envelope = `<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="${SOAP12}" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
  <env:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></env:Header>
  <env:Body>${oofBody}</env:Body>
</env:Envelope>`;

async function post(
  body: string | Buffer,
  contentType: string,
  authorization: string | null = bearerFor(h.sim),
): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (authorization !== null) headers.Authorization = authorization;
  return fetch(h.sim.ewsUrl, { method: 'POST', headers, body });
}

describe('SOAP 1.2', () => {
  it('the SOAP 1.2 content type: HTTP 415, the reason in the status line, no body', async () => {
    const response = await post(soap12Envelope, 'application/soap+xml; charset=utf-8');
    expect(response.status).toBe(415);
    expect(response.statusText).toBe(
      "Cannot process the message because the content type 'application/soap+xml; charset=utf-8' was not the expected type 'text/xml; charset=utf-8'.",
    );
    expect(await response.text()).toBe('');
  });

  it('a SOAP 1.2 envelope as text/xml: HTTP 500 and a SOAP 1.1 VersionMismatch fault', async () => {
    const result = await ews(h.sim, '', { raw: soap12Envelope });
    expect(result.status).toBe(500);
    expect(result.xml).toContain(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">',
    );
    expect(textAt(result.body, 'Fault', 'faultcode')).toBe('s:VersionMismatch');
    expect(textAt(result.body, 'Fault', 'faultstring')).toMatch(
      /^The envelope version of the incoming message \(Soap12 /,
    );
  });

  it('without credentials the 401 comes first, as the front end asks before reading', async () => {
    const response = await post(soap12Envelope, 'application/soap+xml; charset=utf-8', null);
    expect(response.status).toBe(401);
  });

  it('a SOAP 1.1 envelope with a default namespace is not mistaken for 1.2', async () => {
    const raw = `<?xml version="1.0" encoding="utf-8"?><Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Header><RequestServerVersion xmlns="http://schemas.microsoft.com/exchange/services/2006/types" Version="Exchange2013_SP1"/></Header><Body>${oofBody.replace('<m:GetUserOofSettingsRequest>', '<m:GetUserOofSettingsRequest xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">')}</Body></Envelope>`;
    const result = await ews(h.sim, '', { raw });
    expect(result.status).toBe(200);
  });
});

describe('an oversized body', () => {
  it('is answered with HTTP 413 and ErrorRequestStreamTooBig before the connection closes', async () => {
    const padding = Buffer.alloc(11 * 1024 * 1024, 'a');
    const response = await post(
      Buffer.concat([Buffer.from('<?xml version="1.0"?><s:Envelope><!-- '), padding]),
      'text/xml; charset=utf-8',
    );
    expect(response.status).toBe(413);
    const xml = await response.text();
    expect(xml).toContain(
      '<faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorRequestStreamTooBig</faultcode>',
    );
    expect(xml).toContain(
      '<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorRequestStreamTooBig</e:ResponseCode>',
    );
    // The simulator goes on serving.
    expect((await ews(h.sim, oofBody)).status).toBe(200);
    const log = await admin<{ status: number }[]>(h.sim, 'GET', '/requests');
    expect(log.json.some((e) => e.status === 413)).toBe(true);
  });
});

describe('oversized Autodiscover and admin bodies', () => {
  it('are answered with HTTP 413 too, not a reset connection', async () => {
    const padding = Buffer.alloc(11 * 1024 * 1024, 'a');
    const pox = await fetch(new URL('/autodiscover/autodiscover.xml', h.sim.ewsUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml; charset=utf-8', Authorization: bearerFor(h.sim) },
      body: padding,
    });
    expect(pox.status).toBe(413);
    expect(await pox.text()).toBe('Request Entity Too Large');
    const adminReply = await fetch(`${h.sim.adminUrl}/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: padding,
    });
    expect(adminReply.status).toBe(413);
    expect((await ews(h.sim, oofBody)).status).toBe(200);
  });
});

describe('schema-valid answers when nothing matched (every 200 is validated by `ews`)', () => {
  it('an empty calendar view', async () => {
    await admin(h.sim, 'POST', '/reset', { seed: 'empty' });
    const result = await ews(
      h.sim,
      calendarView('2025-06-10T00:00:00Z', '2025-06-11T00:00:00Z', ['item:Subject']),
    );
    const message = only(messagesOf(result, 'FindItemResponse'));
    expect(attr(at(message, 'RootFolder'), 'TotalItemsInView')).toBe('0');
    expect(attr(at(message, 'RootFolder'), 'IncludesLastItemInRange')).toBe('true');
  });

  it('an empty voicemail folder', async () => {
    await admin(h.sim, 'POST', '/reset', { seed: 'empty' });
    const result = await ews(
      h.sim,
      `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="50" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="voicemail"/></m:ParentFolderIds></m:FindItem>`,
    );
    const message = only(messagesOf(result, 'FindItemResponse'));
    expect(attr(at(message, 'RootFolder'), 'TotalItemsInView')).toBe('0');
  });

  it('free/busy of an empty calendar, detailed and merged', async () => {
    await admin(h.sim, 'POST', '/reset', { seed: 'empty' });
    for (const view of ['Detailed', 'DetailedMerged', 'FreeBusy', 'MergedOnly']) {
      const result = await ews(
        h.sim,
        availabilityRequest([ALEX], '2025-06-10T00:00:00', '2025-06-11T00:00:00', view),
      );
      expect(result.status).toBe(200);
      const code = textAt(
        result.body,
        'GetUserAvailabilityResponse',
        'FreeBusyResponseArray',
        'FreeBusyResponse',
        'ResponseMessage',
        'ResponseCode',
      );
      expect(code).toBe('NoError');
    }
  });

  it('ResolveNames with no match', async () => {
    const result = await ews(
      h.sim,
      `<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>zzzz-nobody</m:UnresolvedEntry></m:ResolveNames>`,
    );
    expect(textAt(only(messagesOf(result, 'ResolveNamesResponse')), 'ResponseCode')).toBe(
      'ErrorNameResolutionNoResults',
    );
  });

  it('GetItem, DeleteItem and GetAttachment of ids that name nothing', async () => {
    const missing = Buffer.from('beacon-sim:item:999999').toString('base64');
    const get = await ews(
      h.sim,
      `<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="${missing}"/></m:ItemIds></m:GetItem>`,
    );
    expect(textAt(only(messagesOf(get, 'GetItemResponse')), 'ResponseCode')).toMatch(/^Error/);
    const del = await ews(
      h.sim,
      `<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="${missing}"/></m:ItemIds></m:DeleteItem>`,
    );
    expect(textAt(only(messagesOf(del, 'DeleteItemResponse')), 'ResponseCode')).toMatch(/^Error/);
    const attachment = await ews(
      h.sim,
      `<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="${missing}"/></m:AttachmentIds></m:GetAttachment>`,
    );
    expect(textAt(only(messagesOf(attachment, 'GetAttachmentResponse')), 'ResponseCode')).toBe(
      'ErrorInvalidAttachmentId',
    );
  });

  it('MailTips of an address nobody has', async () => {
    const result = await ews(
      h.sim,
      `<m:GetMailTips><m:SendingAs><t:EmailAddress>${ALEX}</t:EmailAddress></m:SendingAs><m:Recipients><t:Mailbox><t:EmailAddress>nobody@nowhere.test</t:EmailAddress></t:Mailbox></m:Recipients><m:MailTipsRequested>OutOfOfficeMessage</m:MailTipsRequested></m:GetMailTips>`,
    );
    expect(result.status).toBe(200);
  });
});
