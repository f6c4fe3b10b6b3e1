/**
 * The directory on the Graph face: /me and /users/{id} (by object id and by address), the
 * documented /users queries ($filter startswith, $search with ConsistencyLevel, $count, $top,
 * $orderby) answered from the simulator's mailboxes, refusals for forms it does not take,
 * /me/people?$search, and photos (a placeholder and a 404, as for a user without one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../../src-main/sim/index.js';
import { userIdOf } from '../../../../src-main/sim/graph/ids.js';
import { ALEX, corpusRequest, graph, graphError, replay, startGraphSimulator } from './support.js';

interface User {
  id: string;
  displayName: string;
  mail: string;
  userPrincipalName: string;
}
interface Users {
  value: User[];
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
}

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startGraphSimulator();
});
afterAll(() => sim.close());

const ADELE = 'adele@beacon.test';

describe('users', () => {
  it('answers the documented GET /me with the signed-in user', async () => {
    const result = await replay(sim, corpusRequest('users/user-get-2.request.http'));
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({
      displayName: 'Alex Wilber',
      mail: ALEX,
      userPrincipalName: ALEX,
      jobTitle: 'Marketing Assistant',
      businessPhones: ['+1 425 555 0109'],
      id: userIdOf({ email: ALEX }),
    });
  });

  it('answers the documented GET /users/{id} and its $select, by object id and by address', async () => {
    const id = userIdOf({ email: ADELE });
    const byId = await replay(sim, corpusRequest('users/user-get-1.request.http'), {
      path: `/users/${id}`,
    });
    expect(byId.json).toMatchObject({ displayName: 'Adele Vance', id, jobTitle: 'Retail Manager' });
    const selected = await replay(sim, corpusRequest('users/user-get-3.request.http'), {
      path: `/users/${id}?$select=displayName,givenName,postalCode,identities`,
    });
    expect(Object.keys(selected.json as object).sort()).toEqual([
      '@odata.context',
      'displayName',
      'givenName',
      'identities',
      'postalCode',
    ]);
    const byAddress = await graph(sim, 'GET', `/users/${ADELE}`);
    expect((byAddress.json as User).id).toBe(id);
  });

  it('answers the documented list and startswith $filter with $count and $top', async () => {
    const all = await replay(sim, corpusRequest('users/user-list-1.request.http'));
    const names = (all.json as Users).value.map((u) => u.displayName);
    expect(names).toContain('Adele Vance');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const filtered = await replay(sim, corpusRequest('users/user-list-4.request.http'));
    expect(filtered.status).toBe(200);
    const page = filtered.json as Users;
    expect(page['@odata.count']).toBe(names.filter((n) => n.toLowerCase().startsWith('a')).length);
    expect(page.value.map((u) => u.displayName)).toEqual(['Adele Vance']);
    expect(page['@odata.nextLink']?.startsWith(`${sim.graphUrl}/users?`)).toBe(true);
    const next = await graph(sim, 'GET', page['@odata.nextLink'] ?? '', {
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect((next.json as Users).value.map((u) => u.displayName)).toEqual(['Alex Wilber']);
  });

  it('answers the documented $search (words starting with the term) and refuses it without ConsistencyLevel', async () => {
    const result = await replay(sim, corpusRequest('users/user-list-6.request.http'));
    expect(result.status).toBe(200);
    const everyone = (await graph(sim, 'GET', '/users')).json as Users;
    const wa = everyone.value
      .map((u) => u.displayName)
      .filter((n) => n.split(' ').some((w) => w.toLowerCase().startsWith('wa')));
    expect((result.json as Users).value.map((u) => u.displayName)).toEqual(wa);
    const wi = await graph(sim, 'GET', '/users?$search="displayName:wi"', {
      headers: { ConsistencyLevel: 'eventual' },
    });
    expect((wi.json as Users).value.map((u) => u.displayName)).toEqual([
      'Alex Wilber',
      'Nestor Wilke',
    ]);
    const plain = await graph(sim, 'GET', '/users?$search="displayName:wi"');
    expect(plain.status).toBe(400);
    expect(graphError(plain).code).toBe('Request_UnsupportedQuery');
  });

  it('refuses the documented request with a misspelt $orderby and filter forms it does not take', async () => {
    const typo = await replay(sim, corpusRequest('users/user-list-7.request.http'));
    expect(typo.status).toBe(400);
    expect(graphError(typo).message).toContain('$orderbydisplayName');
    const endswith = await graph(sim, 'GET', "/users?$filter=endswith(mail,'beacon.test')");
    expect(endswith.status).toBe(400);
    const eqName = await graph(sim, 'GET', "/users?$filter=displayName eq 'Adele Vance'");
    expect(eqName.status).toBe(400);
    const mail = await graph(sim, 'GET', `/users?$filter=mail eq '${ADELE}'`);
    expect((mail.json as Users).value.map((u) => u.mail)).toEqual([ADELE]);
  });
});

describe('people and photos', () => {
  it('answers the documented /me/people search and list', async () => {
    const search = await replay(
      sim,
      corpusRequest('people/people-insights-overview-search.request.http'),
    );
    expect(search.status).toBe(200);
    const found = (search.json as { value: { displayName: string }[] }).value.map(
      (p) => p.displayName,
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((n) => n.split(' ').some((w) => w.toLowerCase().startsWith('j')))).toBe(
      true,
    );
    const list = await replay(sim, corpusRequest('people/user-list-people.request.http'));
    const people = (list.json as { value: { userPrincipalName: string }[] }).value;
    expect(people).toHaveLength(10);
    expect(people.some((p) => p.userPrincipalName === ALEX)).toBe(false);
    const quoted = await graph(sim, 'GET', '/me/people?$search="nestor"');
    expect(
      (quoted.json as { value: { displayName: string }[] }).value.map((p) => p.displayName),
    ).toEqual(['Nestor Wilke']);
  });

  it('answers the documented photo requests: placeholder metadata, 404 for the bytes', async () => {
    const meta = await replay(sim, corpusRequest('profilePhoto/profilephoto-get-3.request.http'));
    expect(meta.json).toMatchObject({
      '@odata.mediaContentType': 'image/gif',
      id: '1x1',
      width: 1,
    });
    const value = await replay(sim, corpusRequest('profilePhoto/profilephoto-get-1.request.http'));
    expect(value.status).toBe(404);
    expect(graphError(value).code).toBe('ImageNotFound');
    const sized = await replay(sim, corpusRequest('profilePhoto/profilephoto-get-2.request.http'));
    expect(sized.status).toBe(404);
    const other = await graph(sim, 'GET', `/users/${ADELE}/photo/$value`);
    expect(other.status).toBe(404);
  });
});
