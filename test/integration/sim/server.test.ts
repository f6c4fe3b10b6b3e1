import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ALEX,
  at,
  basic,
  envelope,
  ews,
  NESTOR,
  NS_DECL,
  responseOf,
  startTestSimulator,
  useTestSimulator,
  textAt,
} from './support.js';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/ews-corpus');
const fromCorpus = (path: string): string => readFileSync(resolve(corpus, path), 'utf8');

const h = useTestSimulator();

const getOof = (address: string): string =>
  `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${address}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`;

describe('authentication', () => {
  it('refuses a request without credentials with 401 and both challenges', async () => {
    const result = await ews(h.sim, getOof(ALEX), { authorization: null });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Basic realm="beacon-sim", Bearer');
  });

  it('refuses a wrong password, an unknown token and other schemes', async () => {
    for (const authorization of [basic(ALEX, 'wrong'), 'Bearer nope', 'Negotiate abc']) {
      expect((await ews(h.sim, getOof(ALEX), { authorization })).status).toBe(401);
    }
  });

  it('accepts Basic with the user’s password and acts as that user', async () => {
    const alex = h.sim.users[0];
    expect(alex?.email).toBe(ALEX);
    expect(alex?.displayName).toBe('Alex Wilber');
    const result = await ews(h.sim, getOof(ALEX), {
      authorization: basic(ALEX, alex?.password ?? ''),
    });
    expect(result.status).toBe(200);
    expect(
      textAt(responseOf(result, 'GetUserOofSettingsResponse'), 'OofSettings', 'OofState'),
    ).toBe('Scheduled');
  });

  it('accepts Bearer tokens per user: Nestor’s token reads Nestor’s mailbox', async () => {
    const nestor = h.sim.users.find((u) => u.email === NESTOR);
    const result = await ews(h.sim, getOof(NESTOR), {
      authorization: `Bearer ${nestor?.token ?? ''}`,
    });
    const response = responseOf(result, 'GetUserOofSettingsResponse');
    expect(textAt(response, 'ResponseMessage', 'ResponseCode')).toBe('NoError');
    expect(textAt(response, 'OofSettings', 'OofState')).toBe('Disabled');
  });
});

describe('strict mode', () => {
  it('answers a schema-invalid request with the ErrorSchemaValidation fault, as Exchange does', async () => {
    const raw = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope ${NS_DECL}>
  <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header>
  <soap:Body>
    <m:FindItem Traversal="Shallow">
      <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
      <m:ParentFolderIds><t:DistinguishedFolderId Id="inbox1"/></m:ParentFolderIds>
    </m:FindItem>
  </soap:Body>
</soap:Envelope>`;
    const result = await ews(h.sim, '', { raw });
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const fault = at(result.body, 'Fault');
    expect(textAt(fault, 'faultcode')).toBe('a:ErrorSchemaValidation');
    expect(textAt(fault, 'faultstring')).toMatch(/^The request failed schema validation: .*inbox1/);
    expect(textAt(fault, 'detail', 'ResponseCode')).toBe('ErrorSchemaValidation');
    expect(textAt(fault, 'detail', 'Message')).toBe('The request failed schema validation.');
    expect(textAt(fault, 'detail', 'MessageXml', 'LineNumber')).toBe('7');
    // The column where the offending element starts.
    expect(textAt(fault, 'detail', 'MessageXml', 'LinePosition')).toBe('7');
    expect(textAt(fault, 'detail', 'MessageXml', 'Violation')).toContain("'inbox1'");
    expect(result.xml).toContain(
      'xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types"',
    );
    expect(result.xml).toContain(
      '<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">',
    );
  });

  it('rejects Microsoft’s invalid sample (SetByLegacyClient) but accepts its valid ones', async () => {
    const invalid = await ews(h.sim, '', {
      raw: fromCorpus('SetUserOofSettings/elem-duration-useroofsettings.request.xml'),
    });
    expect(invalid.status).toBe(500);
    expect(textAt(invalid.body, 'Fault', 'detail', 'MessageXml', 'Violation')).toContain(
      'SetByLegacyClient',
    );
    const valid = await ews(h.sim, '', { raw: fromCorpus('GetUserOofSettings/ref.request.xml') });
    expect(valid.status).toBe(200);
    // User1@example.com is not in this directory.
    expect(
      textAt(responseOf(valid, 'GetUserOofSettingsResponse'), 'ResponseMessage', 'ResponseCode'),
    ).toBe('ErrorMailRecipientNotFound');
  });

  it('answers XML that is not well-formed with the same fault', async () => {
    const result = await ews(h.sim, '', { raw: envelope('<m:GetItem><m:ItemShape></m:GetItem>') });
    expect(result.status).toBe(500);
    expect(textAt(result.body, 'Fault', 'faultcode')).toBe('a:ErrorSchemaValidation');
  });

  it('answers a valid but unimplemented operation with an ErrorInvalidRequest fault', async () => {
    const result = await ews(h.sim, '', { raw: fromCorpus('GetFolder/ref.request.xml') });
    expect(result.status).toBe(500);
    expect(textAt(result.body, 'Fault', 'faultcode')).toBe('a:ErrorInvalidRequest');
  });

  it('a non-strict simulator lets the schema-invalid sample through', async () => {
    const lax = await startTestSimulator({ strict: false });
    try {
      const alex = lax.users[0];
      const raw = fromCorpus('SetUserOofSettings/elem-duration-useroofsettings.request.xml');
      const result = await ews(lax, '', { raw, authorization: basic(ALEX, alex?.password ?? '') });
      // The sample sets someone else's OOF: refused by permission, not by the schema.
      expect(result.status).toBe(200);
      expect(
        textAt(responseOf(result, 'SetUserOofSettingsResponse'), 'ResponseMessage', 'ResponseCode'),
      ).toBe('ErrorMailRecipientNotFound');
    } finally {
      await lax.close();
    }
  });
});

describe('routes', () => {
  it('answers GET on the EWS URL with 405 and unknown paths with 404', async () => {
    expect((await fetch(h.sim.ewsUrl)).status).toBe(405);
    expect((await fetch(`${h.sim.baseUrl}/nothing`)).status).toBe(404);
  });

  it('serves the EWS URL case-insensitively like IIS', async () => {
    const response = await fetch(`${h.sim.baseUrl}/ews/exchange.asmx`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.sim.users[0]?.token ?? ''}`,
        'Content-Type': 'text/xml',
      },
      body: envelope(getOof(ALEX)),
    });
    expect(response.status).toBe(200);
  });
});

describe('Autodiscover', () => {
  it('v2 JSON answers anonymously with the EWS URL', async () => {
    const response = await fetch(
      `${h.sim.baseUrl}/autodiscover/autodiscover.json/v1.0/${ALEX}?Protocol=EWS`,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ Protocol: 'EWS', Url: h.sim.ewsUrl });
    const bad = await fetch(
      `${h.sim.baseUrl}/autodiscover/autodiscover.json/v1.0/${ALEX}?Protocol=IMAP`,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { ErrorCode: string }).ErrorCode).toBe('InvalidProtocol');
  });

  const pox = (email: string): string => `<?xml version="1.0" encoding="utf-8"?>
<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
  <Request>
    <EMailAddress>${email}</EMailAddress>
    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
  </Request>
</Autodiscover>`;

  it('POX needs credentials and then answers with the EWS URL', async () => {
    const url = `${h.sim.baseUrl}/autodiscover/autodiscover.xml`;
    const anonymous = await fetch(url, {
      method: 'POST',
      body: pox(ALEX),
      headers: { 'Content-Type': 'text/xml' },
    });
    expect(anonymous.status).toBe(401);
    const alex = h.sim.users[0];
    const response = await fetch(url, {
      method: 'POST',
      body: pox(ALEX),
      headers: { 'Content-Type': 'text/xml', Authorization: basic(ALEX, alex?.password ?? '') },
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toContain(
      'xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"',
    );
    expect(xml).toContain(
      '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">',
    );
    expect(xml).toContain('<AutoDiscoverSMTPAddress>alex@beacon.test</AutoDiscoverSMTPAddress>');
    expect(xml).toContain(`<Type>EXCH</Type>`);
    expect(xml).toContain(`<EwsUrl>${h.sim.ewsUrl}</EwsUrl>`);
    const unknown = await fetch(url, {
      method: 'POST',
      body: pox('ghost@beacon.test'),
      headers: { 'Content-Type': 'text/xml', Authorization: basic(ALEX, alex?.password ?? '') },
    });
    expect(await unknown.text()).toContain('<ErrorCode>500</ErrorCode>');
  });
});

describe('HTTPS', () => {
  it('serves TLS with a self-signed certificate for localhost and 127.0.0.1', async () => {
    const secure = await startTestSimulator({ https: true, strict: false });
    try {
      expect(secure.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(secure.caPem).toContain('BEGIN CERTIFICATE');
      const post = (ca: string | undefined): Promise<number> =>
        new Promise((resolvePost, reject) => {
          const url = new URL(secure.ewsUrl);
          const req = httpsRequest(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: 'POST',
              ca,
              headers: {
                Authorization: `Bearer ${secure.users[0]?.token ?? ''}`,
                'Content-Type': 'text/xml',
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => {
                resolvePost(res.statusCode ?? 0);
              });
            },
          );
          req.on('error', reject);
          req.end(envelope(getOof(ALEX)));
        });
      expect(await post(secure.caPem)).toBe(200);
      await expect(post(undefined)).rejects.toThrow(/self[- ]signed/i);
    } finally {
      await secure.close();
    }
  });
});

describe('admin API access', () => {
  it('refuses clients that are not on the loopback interface with 403', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
    expect(external, 'this test needs a non-loopback IPv4 interface').toBeDefined();
    const open = await startTestSimulator({ host: '0.0.0.0', strict: false });
    try {
      const port = new URL(open.baseUrl).port;
      const remote = await fetch(`http://${external ?? ''}:${port}/admin/users`);
      expect(remote.status).toBe(403);
      const local = await fetch(`http://127.0.0.1:${port}/admin/users`);
      expect(local.status).toBe(200);
      // EWS itself is served to everyone who authenticates.
      const ewsRemote = await fetch(`http://${external ?? ''}:${port}/EWS/Exchange.asmx`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${open.users[0]?.token ?? ''}`,
          'Content-Type': 'text/xml',
        },
        body: envelope(getOof(ALEX)),
      });
      expect(ewsRemote.status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('lists users, directory and resets to either seed', async () => {
    const users = await fetch(`${h.sim.adminUrl}/users`).then(
      (r) => r.json() as Promise<{ email: string; password: string; token: string }[]>,
    );
    expect(users.map((u) => u.email)).toEqual([ALEX, NESTOR]);
    expect(users[0]).toMatchObject({ password: 'alex-password', token: 'alex-token' });
    const directory = await fetch(`${h.sim.adminUrl}/directory`).then(
      (r) =>
        r.json() as Promise<
          { email: string; freeBusyShared: boolean; voicemailEnabled: boolean }[]
        >,
    );
    expect(directory).toHaveLength(21);
    expect(directory.find((d) => d.email === 'lee@beacon.test')?.freeBusyShared).toBe(false);
    expect(directory.find((d) => d.email === NESTOR)?.voicemailEnabled).toBe(false);

    const empty = await fetch(`${h.sim.adminUrl}/reset`, {
      method: 'POST',
      body: JSON.stringify({ seed: 'empty' }),
    });
    expect(await empty.json()).toEqual({ seed: 'empty', mailboxes: 2 });
    const calendar = await fetch(`${h.sim.adminUrl}/mailboxes/${ALEX}/calendar`).then(
      (r) => r.json() as Promise<unknown[]>,
    );
    expect(calendar).toEqual([]);
    const oof = await ews(h.sim, getOof(ALEX));
    expect(textAt(responseOf(oof, 'GetUserOofSettingsResponse'), 'OofSettings', 'OofState')).toBe(
      'Disabled',
    );
    const demo = await fetch(`${h.sim.adminUrl}/reset`, {
      method: 'POST',
      body: JSON.stringify({ seed: 'demo' }),
    });
    expect(await demo.json()).toEqual({ seed: 'demo', mailboxes: 21 });
    expect((await fetch(`${h.sim.adminUrl}/mailboxes/ghost@beacon.test/calendar`)).status).toBe(
      404,
    );
    expect((await fetch(`${h.sim.adminUrl}/nope`)).status).toBe(404);
  });
});
