/**
 * The directory on the Graph face: GET /me and /users/{id or userPrincipalName} (user objects
 * from the mailboxes), GET /users with the $filter and $search forms Beacon sends
 * (directory-query.ts; $search and $count need `ConsistencyLevel: eventual`), GET /me/people
 * ($search over the other mailboxes), and profile photos (the model keeps none: the metadata is
 * the documented 1x1 placeholder and `$value` is 404).
 */
import type { Mailbox } from '../../model.js';
import {
  filterMatches,
  parseFilter,
  parseSearch,
  searchMatches,
  type Clause,
} from '../directory-query.js';
import { GraphError } from '../errors.js';
import { userIdOf } from '../ids.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';
import { scopesAllow } from '../scopes.js';

/** What GET /users/{id} answers without $select (Graph's default set). */
const DEFAULT_USER = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

function userJson(mailbox: Mailbox): Record<string, unknown> {
  const domain = mailbox.email.slice(mailbox.email.indexOf('@') + 1);
  return {
    businessPhones: mailbox.phone === '' ? [] : [mailbox.phone],
    displayName: mailbox.displayName,
    givenName: mailbox.givenName,
    jobTitle: mailbox.jobTitle,
    mail: mailbox.email,
    mobilePhone: null,
    officeLocation: mailbox.office === '' ? null : mailbox.office,
    preferredLanguage: 'en-US',
    surname: mailbox.surname,
    userPrincipalName: mailbox.email,
    id: userIdOf(mailbox),
    department: mailbox.department,
    companyName: null,
    mailNickname: mailbox.email.slice(0, mailbox.email.indexOf('@')),
    postalCode: null,
    accountEnabled: true,
    identities: [
      { signInType: 'userPrincipalName', issuer: domain, issuerAssignedId: mailbox.email },
    ],
  };
}

const USER_PROPERTIES = Object.keys(userJson({ email: 'a@b', phone: '', office: '' } as Mailbox));

function selected(request: GraphRequest): string[] | undefined {
  const raw = request.query.get('$select');
  if (raw === undefined) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.map((name) => {
    const key = USER_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
    if (key === undefined)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      );
    return key;
  });
}

function pick(json: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((n) => [n, json[n]]));
}

function owner(request: GraphRequest): void {
  if (request.target !== request.caller && !scopesAllow(request.scopes, ['User.ReadBasic.All'])) {
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
}

function getUser(request: GraphRequest): GraphReply {
  owner(request);
  const names = selected(request);
  const json = pick(userJson(request.target), names ?? DEFAULT_USER);
  const context = names === undefined ? 'users/$entity' : `users(${names.join(',')})/$entity`;
  return {
    status: 200,
    json: { '@odata.context': `${request.serviceRoot}/$metadata#${context}`, ...json },
    schema: { type: 'microsoft.graph.user', partial: true },
  };
}

function eventual(request: GraphRequest, what: string): void {
  if ((request.headers['consistencylevel'] ?? '').toLowerCase() !== 'eventual') {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      `${what} requires the ConsistencyLevel header set to 'eventual'.`,
    );
  }
}

function integer(
  request: GraphRequest,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = request.query.get(name);
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max))
    throw new GraphError(
      400,
      'Request_BadRequest',
      `Invalid value '${raw}' for ${name}: between ${min} and ${max}.`,
    );
  return n;
}

function orderByDisplayName(request: GraphRequest): boolean {
  const raw = request.query.get('$orderby');
  if (raw === undefined) return false;
  if (!/^\s*displayName(\s+asc)?\s*$/i.test(raw))
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Sorting by '${raw}' is not supported: order by displayName.`,
    );
  return true;
}

function listUsers(request: GraphRequest): GraphReply {
  const filter = request.query.get('$filter');
  const search = request.query.get('$search');
  const count = request.query.get('$count');
  let clauses: { list: Clause[]; match: (v: string, c: Clause) => boolean } | undefined;
  if (filter !== undefined && search !== undefined)
    throw new GraphError(400, 'Request_UnsupportedQuery', 'Use $filter or $search, not both.');
  if (filter !== undefined) {
    const parsed = parseFilter(filter);
    if ('error' in parsed) throw new GraphError(400, 'Request_UnsupportedQuery', parsed.error);
    clauses = { list: parsed, match: filterMatches };
  }
  if (search !== undefined) {
    eventual(request, '$search');
    const parsed = parseSearch(search);
    if ('error' in parsed) throw new GraphError(400, 'Request_UnsupportedQuery', parsed.error);
    clauses = { list: parsed, match: searchMatches };
  }
  if (count !== undefined) {
    eventual(request, '$count');
    if (!/^(true|false)$/i.test(count))
      throw new GraphError(400, 'Request_BadRequest', `Invalid value '${count}' for $count.`);
  }
  // Sorted by displayName whether asked or not (the only order the simulator offers).
  orderByDisplayName(request);
  const top = integer(request, '$top', 1, 999) ?? 100;
  const skip = Number(
    Buffer.from(request.query.get('$skiptoken') ?? '', 'base64url').toString() || '0',
  );
  if (!Number.isInteger(skip) || skip < 0)
    throw new GraphError(400, 'Request_BadRequest', 'The $skiptoken is not valid.');
  const names = selected(request);
  let users = request.state.store.all();
  if (clauses) {
    const { list, match } = clauses;
    users = users.filter((m) => {
      const json = userJson(m);
      return list.some((c) => {
        const value = json[c.property];
        return typeof value === 'string' && match(value, c);
      });
    });
  }
  users.sort((a, b) => a.displayName.localeCompare(b.displayName));
  const page = users.slice(skip, skip + top);
  const json: Record<string, unknown> = {
    '@odata.context': `${request.serviceRoot}/$metadata#users${names === undefined ? '' : `(${names.join(',')})`}`,
  };
  if (count?.toLowerCase() === 'true') json['@odata.count'] = users.length;
  json['value'] = page.map((m) => pick(userJson(m), names ?? DEFAULT_USER));
  if (skip + top < users.length) {
    const next = new URLSearchParams();
    for (const name of ['$filter', '$search', '$select', '$count', '$orderby', '$top']) {
      const value = request.query.get(name);
      if (value !== undefined) next.set(name, value);
    }
    next.set('$skiptoken', Buffer.from(String(skip + top)).toString('base64url'));
    json['@odata.nextLink'] = `${request.serviceRoot}/users?${next.toString()}`;
  }
  return {
    status: 200,
    json,
    schema: { type: 'microsoft.graph.user', collection: true, partial: true },
  };
}

function personJson(mailbox: Mailbox, rank: number): Record<string, unknown> {
  return {
    id: userIdOf(mailbox),
    displayName: mailbox.displayName,
    givenName: mailbox.givenName,
    surname: mailbox.surname,
    birthday: '',
    personNotes: '',
    isFavorite: false,
    jobTitle: mailbox.jobTitle,
    companyName: null,
    yomiCompany: '',
    department: mailbox.department,
    officeLocation: mailbox.office === '' ? null : mailbox.office,
    profession: '',
    userPrincipalName: mailbox.email,
    imAddress: `sip:${mailbox.email}`,
    scoredEmailAddresses: [{ address: mailbox.email, relevanceScore: 100 - rank }],
    phones: mailbox.phone === '' ? [] : [{ type: 'business', number: mailbox.phone }],
    postalAddresses: [],
    websites: [],
    personType: { class: 'Person', subclass: 'OrganizationUser' },
  };
}

function people(request: GraphRequest): GraphReply {
  const raw = request.query.get('$search');
  const term = raw
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();
  const top = integer(request, '$top', 1, 1000) ?? 10;
  const skip = integer(request, '$skip', 0, 100_000) ?? 0;
  if (raw !== undefined && skip > 0)
    throw new GraphError(400, 'ErrorInvalidParameter', '$skip cannot be combined with $search.');
  const others = request.state.store
    .all()
    .filter((m) => m !== request.caller)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const found =
    term === undefined || term === ''
      ? others
      : others.filter((m) => {
          const words = [...m.displayName.toLowerCase().split(/\s+/), m.email.toLowerCase()];
          return (
            m.displayName.toLowerCase().startsWith(term) ||
            words.some((w) => w.startsWith(term)) ||
            m.email.toLowerCase().split('@')[0]?.startsWith(term)
          );
        });
  const page = found.slice(skip, skip + top);
  const select = request.query
    .get('$select')
    ?.split(',')
    .map((s) => s.trim());
  const value = page.map((m, i) => {
    const json = personJson(m, skip + i);
    if (select === undefined) return json;
    const out: Record<string, unknown> = { id: json['id'] };
    for (const name of select) {
      const key = Object.keys(json).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined)
        throw new GraphError(
          400,
          'BadRequest',
          `Could not find a property named '${name}' on type 'microsoft.graph.person'.`,
        );
      out[key] = json[key];
    }
    return out;
  });
  const json: Record<string, unknown> = {
    '@odata.context': `${request.serviceRoot}/$metadata#users('${encodeURIComponent(request.caller.email)}')/people`,
    value,
  };
  if (raw === undefined && skip + top < found.length) {
    json['@odata.nextLink'] = `${request.serviceRoot}/me/people?$top=${top}&$skip=${skip + top}`;
  }
  return {
    status: 200,
    json,
    schema: { type: 'microsoft.graph.person', collection: true, partial: select !== undefined },
  };
}

function photoMetadata(request: GraphRequest): GraphReply {
  owner(request);
  return {
    status: 200,
    json: {
      '@odata.context': `${request.serviceRoot}/$metadata#users('${userIdOf(request.target)}')/photo/$entity`,
      '@odata.mediaContentType': 'image/gif',
      '@odata.mediaEtag': '',
      id: '1x1',
      width: 1,
      height: 1,
    },
    schema: { type: 'microsoft.graph.profilePhoto' },
  };
}

function photoValue(request: GraphRequest): GraphReply {
  owner(request);
  throw new GraphError(
    404,
    'ImageNotFound',
    "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
  );
}

const USER_READ = ['User.Read', 'User.ReadBasic.All'] as const;

export const directoryRoutes: GraphRouteModule = {
  name: 'directory',
  routes: [
    {
      method: 'GET',
      path: '/{user}',
      scopes: USER_READ,
      others: true,
      options: ['$select'],
      handle: getUser,
    },
    {
      method: 'GET',
      path: '/users',
      scopes: ['User.ReadBasic.All'],
      options: ['$filter', '$search', '$count', '$top', '$select', '$orderby', '$skiptoken'],
      handle: listUsers,
    },
    {
      method: 'GET',
      path: '/me/people',
      scopes: ['People.Read'],
      options: ['$search', '$top', '$skip', '$select'],
      handle: people,
    },
    {
      method: 'GET',
      path: '/{user}/photo',
      scopes: USER_READ,
      others: true,
      handle: photoMetadata,
    },
    {
      method: 'GET',
      path: '/{user}/photo/$value',
      scopes: USER_READ,
      others: true,
      handle: photoValue,
    },
    {
      method: 'GET',
      path: '/{user}/photo/{size}/$value',
      scopes: USER_READ,
      others: true,
      handle: photoValue,
    },
  ],
};
