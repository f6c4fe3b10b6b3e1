/**
 * Name lookup and the signed-in user: GET /me/people?$search (relevance-ranked people the user
 * works with, personal contacts included), GET /users?$search (the directory; needs
 * `ConsistencyLevel: eventual` and `$count=true`), GET /me and GET /me/photo/$value (404 means no
 * photo). Every text here is untrusted (a docs example has a mail address starting with "'").
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import {
  collectionSchema,
  compact,
  GraphArgumentError,
  isNotFound,
  lenientEnum,
  opt,
  type Unknown,
} from './common.js';

export const PHONE_TYPES = [
  'home',
  'business',
  'mobile',
  'other',
  'assistant',
  'homeFax',
  'businessFax',
  'otherFax',
  'pager',
  'radio',
] as const;

export interface Person {
  id?: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
  userPrincipalName?: string;
  /** e.g. "sip:jant@contoso.com". */
  imAddress?: string;
  jobTitle?: string;
  department?: string;
  companyName?: string;
  officeLocation?: string;
  scoredEmailAddresses?: { address?: string; relevanceScore?: number }[];
  phones?: { type?: (typeof PHONE_TYPES)[number] | Unknown; number?: string }[];
  /** class Person/Group, subclass OrganizationUser, PersonalContact, UnifiedGroup, … (kept as sent). */
  personType?: { class?: string; subclass?: string };
}

export const personSchema: z.ZodType<Person> = z
  .object({
    id: opt(z.string()),
    displayName: opt(z.string()),
    givenName: opt(z.string()),
    surname: opt(z.string()),
    userPrincipalName: opt(z.string()),
    imAddress: opt(z.string()),
    jobTitle: opt(z.string()),
    department: opt(z.string()),
    companyName: opt(z.string()),
    officeLocation: opt(z.string()),
    scoredEmailAddresses: opt(
      z.array(
        z.object({ address: opt(z.string()), relevanceScore: opt(z.number()) }).transform(compact),
      ),
    ),
    phones: opt(
      z.array(
        z
          .object({ type: opt(lenientEnum(PHONE_TYPES)), number: opt(z.string()) })
          .transform(compact),
      ),
    ),
    personType: opt(
      z.object({ class: opt(z.string()), subclass: opt(z.string()) }).transform(compact),
    ),
  })
  .transform(compact);

export interface DirectoryUser {
  id?: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  userPrincipalName?: string;
  jobTitle?: string;
  officeLocation?: string;
  mobilePhone?: string;
  businessPhones?: string[];
}

export const userSchema: z.ZodType<DirectoryUser> = z
  .object({
    id: opt(z.string()),
    displayName: opt(z.string()),
    givenName: opt(z.string()),
    surname: opt(z.string()),
    mail: opt(z.string()),
    userPrincipalName: opt(z.string()),
    jobTitle: opt(z.string()),
    officeLocation: opt(z.string()),
    mobilePhone: opt(z.string()),
    businessPhones: opt(z.array(z.string())),
  })
  .transform(compact);

/** The signed-in user: the id is required (Beacon keys the account on it). */
export interface Me {
  id: string;
  displayName?: string;
  mail?: string;
  userPrincipalName?: string;
}

export const meSchema: z.ZodType<Me> = z
  .object({
    id: z.string().min(1),
    displayName: opt(z.string()),
    mail: opt(z.string()),
    userPrincipalName: opt(z.string()),
  })
  .transform(compact);

export const PERSON_SELECT =
  'id,displayName,givenName,surname,userPrincipalName,imAddress,jobTitle,department,companyName,officeLocation,scoredEmailAddresses,phones,personType';
export const USER_SELECT =
  'id,displayName,givenName,surname,mail,userPrincipalName,jobTitle,officeLocation,mobilePhone,businessPhones';

/**
 * Text as one quoted `$search` phrase: inside the quotes a backslash and a double quote are
 * escaped with a backslash, so the text can never close the phrase or add an operator.
 */
export function searchPhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function searchText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new GraphArgumentError('Type a name to look up.');
  if (trimmed.length > 256) throw new GraphArgumentError('The name to look up is too long.');
  return trimmed;
}

function topOf(top: number | undefined, max: number): string {
  const value = top ?? 10;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new GraphArgumentError(`Ask for 1 to ${max} results.`);
  return String(value);
}

export interface SearchArgs {
  text: string;
  /** Results wanted; default 10. */
  top?: number;
}

export function buildSearchPeopleRequest(args: SearchArgs): GraphRequest {
  return {
    method: 'GET',
    path: '/me/people',
    query: {
      $search: searchPhrase(searchText(args.text)),
      $top: topOf(args.top, 1000),
      $select: PERSON_SELECT,
    },
  };
}

export const personPageSchema = collectionSchema(personSchema).transform((p) => p.value);

export function searchPeople(graph: GraphRequester, args: SearchArgs): Promise<Person[]> {
  return graph.json(buildSearchPeopleRequest(args), personPageSchema);
}

/** Directory search on display name or mail (the `"property:text"` form, OR-ed). */
export function buildSearchUsersRequest(args: SearchArgs): GraphRequest {
  const text = searchText(args.text);
  return {
    method: 'GET',
    path: '/users',
    query: {
      $search: `${searchPhrase(`displayName:${text}`)} OR ${searchPhrase(`mail:${text}`)}`,
      $count: 'true',
      $top: topOf(args.top, 999),
      $select: USER_SELECT,
    },
    headers: { ConsistencyLevel: 'eventual' },
  };
}

export interface UserSearchResult {
  users: DirectoryUser[];
  /** `@odata.count`: how many matched in all (more than `users` when cut by `$top`). */
  total?: number;
}

export const userPageSchema = collectionSchema(userSchema).transform((p): UserSearchResult =>
  compact({ users: p.value, total: p['@odata.count'] }),
);

export function searchUsers(graph: GraphRequester, args: SearchArgs): Promise<UserSearchResult> {
  return graph.json(buildSearchUsersRequest(args), userPageSchema);
}

export function getMe(graph: GraphRequester): Promise<Me> {
  return graph.json(
    { method: 'GET', path: '/me', query: { $select: 'id,displayName,mail,userPrincipalName' } },
    meSchema,
  );
}

export interface Photo {
  contentType: string;
  body: Uint8Array;
}

/** The user's photo as bytes, or undefined when there is none (404; an empty answer counts as none). */
export async function getMyPhoto(graph: GraphRequester): Promise<Photo | undefined> {
  try {
    const photo = await graph.bytes({ method: 'GET', path: '/me/photo/$value' });
    return photo.body.byteLength === 0 ? undefined : photo;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
