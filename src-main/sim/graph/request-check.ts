import { CsdlSchemaChecker, UnknownGraphSchemaNameError } from './csdl-checker.js';
import type { CsdlOperation } from './csdl-index.js';
import type { GraphBodyViolation, GraphCheck } from './schema-checker.js';

/** What a Graph URL addresses, found by walking the CSDL from the entity container. */
export type GraphTarget =
  | { kind: 'resource'; type: string; collection: boolean; structured: boolean }
  | { kind: 'operation'; operation: CsdlOperation; boundTo: string }
  | { kind: 'media' }
  | { kind: 'batch' };

const NAMESPACE = 'microsoft.graph.';

/** `https://graph.microsoft.com/v1.0/me/events?$top=5` → ['me', 'events']. */
export function pathSegments(url: string): string[] {
  const path = url
    .replace(/^https?:\/\/[^/]+/i, '')
    .replace(/[?#].*$/, '')
    .replace(/^\/(v1\.0|beta)(?=\/|$)/, '');
  return path
    .split('/')
    .filter((s) => s !== '')
    .flatMap((s) => {
      // OData key syntax `events('AAMk…')` is the same as `events/AAMk…`.
      const key = /^([^(]+)\((.+)\)$/.exec(s);
      return key ? [key[1] ?? '', (key[2] ?? '').replace(/^'(.*)'$/, '$1')] : [s];
    })
    .map((s) => decodeURIComponent(s));
}

/**
 * Resolves a Graph URL the way the service does: the first segment is an entity set or
 * singleton, then keys, properties, navigation properties, type casts and bound operations
 * (`/me/calendar/getSchedule`, `/users/{id}/presence/setPresence`, `/me/calendarView/delta`).
 * Throws UnknownGraphSchemaNameError for a segment the CSDL does not have.
 */
export function resolveGraphPath(checker: CsdlSchemaChecker, url: string): GraphTarget {
  const segments = pathSegments(url);
  const [first, ...rest] = segments;
  if (first === '$batch' && rest.length === 0) return { kind: 'batch' };
  const root = first === undefined ? undefined : findName(checker.index.container, first);
  if (!root) throw new UnknownGraphSchemaNameError(`No entity set or singleton in ${url}`);
  let type = root.type;
  let collection = root.collection;
  for (const [i, segment] of rest.entries()) {
    const last = i === rest.length - 1;
    if (segment === '$value' || segment === '$count' || segment === '$ref') {
      if (!last) throw new UnknownGraphSchemaNameError(`${segment} must end ${url}`);
      return { kind: 'media' };
    }
    const name = segment.startsWith(NAMESPACE) ? segment.slice(NAMESPACE.length) : segment;
    const operation = boundOperation(checker, name, type, collection);
    if (operation) {
      if (!last) throw new UnknownGraphSchemaNameError(`Nothing may follow ${segment} in ${url}`);
      return {
        kind: 'operation',
        operation,
        boundTo: collection ? `Collection(${type})` : type,
      };
    }
    const cast = segment.startsWith(NAMESPACE) ? checker.index.types.get(segment) : undefined;
    if (cast && cast.kind !== 'enum' && checker.isKindOf(segment, type)) {
      type = segment;
      continue;
    }
    if (collection) {
      collection = false; // a key
      continue;
    }
    const property = isStructured(checker, type)
      ? findName(checker.propertiesOf(type), segment)
      : undefined;
    if (!property) throw new UnknownGraphSchemaNameError(`No ${segment} on ${type} in ${url}`);
    type = property.type;
    collection = property.collection;
  }
  return { kind: 'resource', type, collection, structured: isStructured(checker, type) };
}

function isStructured(checker: CsdlSchemaChecker, type: string): boolean {
  const t = checker.index.types.get(type);
  return t !== undefined && t.kind !== 'enum';
}

/** URL segments match names in any case, as the service does (`/Me/messages`, `/getschedule`). */
function findName<T>(map: Map<string, T>, name: string): T | undefined {
  const exact = map.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of map) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function boundOperation(
  checker: CsdlSchemaChecker,
  name: string,
  type: string,
  collection: boolean,
): CsdlOperation | undefined {
  return (findName(checker.index.operations, name) ?? []).find(
    (op) =>
      op.boundTo !== undefined &&
      op.boundTo.collection === collection &&
      checker.isKindOf(type, op.boundTo.type),
  );
}

function invalid(path: string, message: string): GraphCheck {
  return { valid: false, violations: [{ path, message }] };
}

const BODYLESS = new Set(['GET', 'DELETE', 'HEAD']);

/**
 * Checks a request the Graph library builds against the CSDL, the type found from the URL:
 * PATCH of an entity or complex property (`/me/mailboxSettings`) is a partial body; POST to a
 * collection (`/me/events`) creates an entity (partial: the service assigns `id`); POST to a
 * bound action (`/me/calendar/getSchedule`) is an action body; GET and DELETE have no body;
 * `/$batch` checks every inner request the same way. Enum names are matched in any case, as the
 * service does on input. Throws UnknownGraphSchemaNameError for a URL the CSDL cannot resolve.
 */
export function checkRequest(
  method: string,
  url: string,
  body: unknown,
  checker: CsdlSchemaChecker = CsdlSchemaChecker.load(),
): GraphCheck {
  const verb = method.toUpperCase();
  const target = resolveGraphPath(checker, url);
  if (target.kind === 'operation' && target.operation.kind === 'action' && verb !== 'POST')
    return invalid('', `${target.operation.name} takes POST`);
  if (BODYLESS.has(verb)) {
    if (target.kind === 'batch') return invalid('', `${verb} is not allowed on $batch`);
    return body === undefined || body === '' ? { valid: true } : invalid('', `${verb} has no body`);
  }
  switch (target.kind) {
    case 'batch':
      return verb === 'POST' ? checkBatch(body, checker) : invalid('', `$batch takes POST`);
    case 'media':
      return verb === 'PUT' || verb === 'POST'
        ? { valid: true }
        : invalid('', `${verb} is not allowed on a stream`);
    case 'operation':
      if (target.operation.kind === 'function')
        return invalid('', `${target.operation.name} is a function, called with GET`);
      if (verb !== 'POST') return invalid('', `${target.operation.name} takes POST`);
      return checker.checkActionBody(target.boundTo, target.operation.name, body, {
        enumCase: 'anyCase',
      });
    case 'resource': {
      if (!target.structured)
        return invalid('', `${verb} of a single ${target.type} value is not supported`);
      const create = verb === 'POST' && target.collection;
      const update = (verb === 'PATCH' || verb === 'PUT') && !target.collection;
      if (!create && !update) return invalid('', `${verb} is not allowed here`);
      return checker.checkType(target.type, body, {
        partial: verb !== 'PUT',
        enumCase: 'anyCase',
      });
    }
  }
}

/** A JSON batch: `{ requests: [{ id, method, url, body?, headers?, dependsOn? }] }`. */
function checkBatch(body: unknown, checker: CsdlSchemaChecker): GraphCheck {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return invalid('/requests', 'must be an array');
  const violations: GraphBodyViolation[] = [];
  requests.forEach((request: unknown, i) => {
    const at = `/requests/${i}`;
    const r = (request ?? {}) as Record<string, unknown>;
    if (typeof r.id !== 'string')
      violations.push({ path: `${at}/id`, message: 'must be a string' });
    if (typeof r.method !== 'string' || typeof r.url !== 'string') {
      violations.push({ path: at, message: 'must have a method and a url' });
      return;
    }
    try {
      const check = checkRequest(r.method, `/${r.url.replace(/^\//, '')}`, r.body, checker);
      if (!check.valid)
        for (const v of check.violations)
          violations.push({ path: `${at}/body${v.path}`, message: v.message });
    } catch (error) {
      if (!(error instanceof UnknownGraphSchemaNameError)) throw error;
      violations.push({ path: `${at}/url`, message: error.message });
    }
  });
  return violations.length === 0 ? { valid: true } : { valid: false, violations };
}
