/**
 * The Graph face with a real OpenID Connect authority (test/support/oidc-authority.ts): tokens
 * from the device flow, for Graph's audience, carry the delegated scopes they were granted, and
 * each route admits only the scopes Graph's docs name (Mail.ReadWrite covers Mail.Read;
 * Presence.ReadWrite does not cover Presence.Read.All). A token for another audience, an
 * expired one and the static simulator tokens are refused. setPresence takes only the calling
 * application's id (the token's client id) as its sessionId.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { Agent, request } from 'undici';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { clientIdOf } from '../../../../src-main/sim/graph/auth.js';
import { scopeCovers } from '../../../../src-main/sim/graph/scopes.js';
import { startOidcAuthority, type OidcAuthority } from '../../../support/oidc-authority.js';
import { ALEX, NESTOR, graph, graphError, startGraphSimulator, tokenOf } from './support.js';

const GRAPH_SCOPES = [
  'User.Read',
  'User.ReadBasic.All',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
  'Calendars.Read',
  'Mail.ReadWrite',
  'People.Read',
  'Presence.ReadWrite',
];

let authority: OidcAuthority;
let ewsAuthority: OidcAuthority;
let sim: RunningSimulator;
const agents = new Map<OidcAuthority, Agent>();

/** A device-flow token for `login` with the scopes asked for (as a public client asks). */
async function tokenFor(
  from: OidcAuthority,
  login: string,
  scopes: readonly string[],
): Promise<string> {
  const post = async (
    path: string,
    form: Record<string, string>,
  ): Promise<Record<string, unknown>> => {
    const res = await request(`${from.issuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      dispatcher: agents.get(from),
    });
    return (await res.body.json()) as Record<string, unknown>;
  };
  const device = await post('/devicecode', {
    client_id: from.clientId,
    scope: ['openid', 'profile', ...scopes].join(' '),
  });
  await from.approveDeviceCode(String(device['user_code']), login);
  const token = await post('/token', {
    grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    device_code: String(device['device_code']),
    client_id: from.clientId,
  });
  if (typeof token['access_token'] !== 'string')
    throw new Error(`no token: ${JSON.stringify(token)}`);
  return token['access_token'];
}

beforeAll(async () => {
  authority = await startOidcAuthority({
    audience: 'https://graph.microsoft.com',
    resourceScopes: GRAPH_SCOPES,
  });
  ewsAuthority = await startOidcAuthority();
  for (const a of [authority, ewsAuthority]) agents.set(a, new Agent({ connect: { ca: a.caPem } }));
  sim = await startGraphSimulator({
    oauth: {
      issuer: authority.issuer,
      audience: 'https://ews.beacon.test',
      jwksUri: authority.jwksUri,
      caPem: authority.caPem,
    },
  });
}, 60_000);
afterAll(async () => {
  await sim.close();
  await authority.close();
  await ewsAuthority.close();
  for (const a of agents.values()) await a.close();
});

describe('Graph tokens and scopes', () => {
  it('serves the token user and checks each route against the granted scopes', async () => {
    const token = await tokenFor(authority, ALEX, [
      'User.Read',
      'MailboxSettings.Read',
      'Calendars.Read',
    ]);
    expect(decodeJwt(token)['aud']).toBe('https://graph.microsoft.com');
    const bearer = `Bearer ${token}`;
    const me = await graph(sim, 'GET', '/me', { authorization: bearer });
    expect(me.status).toBe(200);
    expect((me.json as { mail: string }).mail).toBe(ALEX);
    expect((await graph(sim, 'GET', '/me/mailboxSettings', { authorization: bearer })).status).toBe(
      200,
    );
    const patch = await graph(sim, 'PATCH', '/me/mailboxSettings', {
      authorization: bearer,
      body: { automaticRepliesSetting: { status: 'alwaysEnabled' } },
    });
    expect(patch.status).toBe(403);
    expect(graphError(patch).code).toBe('ErrorAccessDenied');
    const users = await graph(sim, 'GET', "/users?$filter=startswith(displayName,'N')", {
      authorization: bearer,
    });
    expect(users.status).toBe(403);
    expect(graphError(users).code).toBe('Authorization_RequestDenied');
    const other = await graph(sim, 'GET', `/users/${NESTOR}`, { authorization: bearer });
    expect(other.status).toBe(403);
    const tips = await graph(sim, 'POST', '/me/getMailTips', {
      authorization: bearer,
      body: { EmailAddresses: [NESTOR], MailTipsOptions: 'automaticReplies' },
    });
    expect(tips.status).toBe(403);
  }, 60_000);

  it('lets a wider scope stand for a narrower one', async () => {
    const token = await tokenFor(authority, NESTOR, [
      'MailboxSettings.ReadWrite',
      'Mail.ReadWrite',
      'User.ReadBasic.All',
    ]);
    const bearer = `Bearer ${token}`;
    expect(
      (await graph(sim, 'GET', '/me/mailboxSettings/workingHours', { authorization: bearer }))
        .status,
    ).toBe(200);
    const tips = await graph(sim, 'POST', '/me/getMailTips', {
      authorization: bearer,
      body: { EmailAddresses: [ALEX], MailTipsOptions: 'automaticReplies' },
    });
    expect(tips.status).toBe(200);
    const alex = await graph(sim, 'GET', `/users/${ALEX}`, { authorization: bearer });
    expect((alex.json as { displayName: string }).displayName).toBe('Alex Wilber');
  }, 60_000);

  it('refuses a token for another audience or from another issuer, and the static tokens', async () => {
    const ews = await tokenFor(ewsAuthority, ALEX, ['ews.access']);
    const foreign = await graph(sim, 'GET', '/me', { authorization: `Bearer ${ews}` });
    expect(foreign.status).toBe(401);
    expect(graphError(foreign).code).toBe('InvalidAuthenticationToken');
    expect(foreign.headers.get('www-authenticate')).toContain(authority.issuer);
    const staticToken = await graph(sim, 'GET', '/me', {
      authorization: `Bearer ${tokenOf(sim, ALEX)}`,
    });
    expect(staticToken.status).toBe(401);
  }, 60_000);
});

describe('setPresence and the calling application', () => {
  it("refuses a sessionId that is not the token's client id, and takes the client id", async () => {
    const token = await tokenFor(authority, ALEX, ['Presence.ReadWrite']);
    expect(clientIdOf(decodeJwt(token))).toBe(authority.clientId);
    const bearer = `Bearer ${token}`;
    const other = '0fe0d1f3-1111-4f8a-9d0e-3c2a1b0e9f77';
    expect(other).not.toBe(authority.clientId);
    const refused = await graph(sim, 'POST', '/me/presence/setPresence', {
      authorization: bearer,
      body: { sessionId: other, availability: 'Busy', activity: 'InACall' },
    });
    expect(refused.status).toBe(400);
    expect(graphError(refused).code).toBe('BadRequest');
    expect(graphError(refused).message).toContain('client id');
    const sessions = async (): Promise<{ sessionId: string; availability: string }[]> => {
      const res = await fetch(`${sim.adminUrl}/mailboxes/${ALEX}/presence`);
      return ((await res.json()) as { sessions: { sessionId: string; availability: string }[] })
        .sessions;
    };
    // The refused call made no session.
    expect(await sessions()).toEqual([]);
    const taken = await graph(sim, 'POST', '/me/presence/setPresence', {
      authorization: bearer,
      // In any case: an id is a GUID.
      body: {
        sessionId: authority.clientId.toUpperCase(),
        availability: 'Busy',
        activity: 'InACall',
      },
    });
    expect(taken.status).toBe(200);
    expect((await sessions()).map((s) => [s.sessionId.toLowerCase(), s.availability])).toEqual([
      [authority.clientId.toLowerCase(), 'Busy'],
    ]);
  }, 60_000);
});

describe('scope coverage', () => {
  it('follows the permission families', () => {
    expect(scopeCovers('Mail.ReadWrite', 'Mail.Read')).toBe(true);
    expect(scopeCovers('Mail.Read', 'Mail.ReadWrite')).toBe(false);
    expect(scopeCovers('User.Read.All', 'User.ReadBasic.All')).toBe(true);
    expect(scopeCovers('User.Read', 'User.ReadBasic.All')).toBe(false);
    expect(scopeCovers('Presence.ReadWrite', 'Presence.Read.All')).toBe(false);
    expect(scopeCovers('Presence.Read.All', 'Presence.Read')).toBe(true);
    expect(scopeCovers('Calendars.Read', 'Mail.Read')).toBe(false);
  });
});
