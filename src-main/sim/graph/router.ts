/**
 * The simulator's Graph face: requests under `/v1.0/` on the same server, over the same mailbox
 * model as the EWS face. The router matches a request to a route of a route module, checks the
 * caller's scopes and the request body against the CSDL (GraphSchemaChecker), runs the handler,
 * and checks the JSON it answers with before it leaves (a response that does not validate is a
 * simulator bug and goes out as a 500). `$batch` sends its inner requests through `dispatch`.
 * Every CSDL failure, of a request body or of an answer, outside or inside a `$batch`, is kept in
 * the state's `graphViolations` (GET /admin/violations): inside a batch the envelope answers 200.
 *
 * Adding a route module: write `routes/<name>.ts` exporting a `GraphRouteModule` (its routes
 * with method, path template, scopes and handler), then add it to the list in `modules.ts`
 * (one line there, plus its import). Path templates are below `/v1.0`: `{user}` matches `me` or
 * `users/{id or userPrincipalName}` and sets `request.target`; `{name}` matches one segment
 * (`request.params.name`, URL-decoded); other segments match literally, without case.
 */
import { randomUUID } from 'node:crypto';
import type { Mailbox } from '../model.js';
import type { SimulatorState } from '../state.js';
import { GraphError, graphErrorBody } from './errors.js';
import { findUser } from './ids.js';
import type { GraphCheck, GraphSchemaChecker } from './schema-checker.js';
import { scopesAllow } from './scopes.js';

export type GraphHttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Query options by name, looked up without case (`startdatetime` is `startDateTime`). */
export class GraphQuery {
  private readonly byName = new Map<string, string>();
  constructor(readonly raw: URLSearchParams) {
    for (const [name, value] of raw) {
      if (!this.byName.has(name.toLowerCase())) this.byName.set(name.toLowerCase(), value);
    }
  }
  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase());
  }
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }
  names(): string[] {
    return [...this.byName.keys()];
  }
}

export interface GraphRequest {
  method: GraphHttpMethod;
  /** The path below `/v1.0` as sent, e.g. '/me/calendarView'. */
  path: string;
  params: Readonly<Record<string, string>>;
  query: GraphQuery;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** The parsed JSON body (undefined when there is none). */
  body: unknown;
  /** The signed-in user's mailbox. */
  caller: Mailbox;
  /** The mailbox `{user}` names (the caller for `/me` and for routes without `{user}`). */
  target: Mailbox;
  scopes: readonly string[];
  /** The calling application's id from its token; undefined for the static tokens. */
  clientId: string | undefined;
  state: SimulatorState;
  /** `https://127.0.0.1:port/v1.0`: absolute `@odata.nextLink`s are on the server's own origin. */
  serviceRoot: string;
  now: Date;
  requestId: string;
  /** Routes another request through this router as the same caller (`$batch`). */
  dispatch(inner: GraphInbound): Promise<GraphReply>;
}

export interface GraphReply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** The CSDL type `json` must validate as (checked before it is sent). */
  schema?: { type: string; collection?: boolean; partial?: boolean };
  /** A binary body (photos, attachments' `$value`). */
  bytes?: { contentType: string; body: Buffer };
}

export interface GraphRoute {
  method: GraphHttpMethod;
  /** Below `/v1.0`, e.g. '/{user}/mailboxSettings'. */
  path: string;
  /** Delegated scopes, any one of which admits the request (least-privileged first). */
  scopes: readonly string[];
  /** Whether `users/{id}` may name someone else (directory reads); else 403 for others. */
  others?: boolean;
  /** System query options ($-prefixed) the route reads; any other is a 400. */
  options?: readonly string[];
  /** The request body's CSDL check. */
  body?: { type: string; partial?: boolean } | { boundTo: string; action: string };
  handle(request: GraphRequest): GraphReply | Promise<GraphReply>;
}

export interface GraphRouteModule {
  name: string;
  routes: readonly GraphRoute[];
}

/** A request as it reaches the router: from HTTP or from inside a `$batch`. */
export interface GraphInbound {
  method: string;
  /** Path and query below `/v1.0`, e.g. '/me/calendarView?startDateTime=…'. */
  url: string;
  headers: Readonly<Record<string, string>>;
  /** Raw text (HTTP) or an already parsed value ($batch); undefined when there is none. */
  body: unknown;
  bodyIsText: boolean;
  /** The inner request's id when it came inside a `$batch`. */
  batchId?: string;
}

export interface GraphIdentity {
  caller: Mailbox;
  scopes: readonly string[];
  /** The calling application's id from its token; undefined for the static tokens. */
  clientId?: string;
}

export interface GraphRouterOptions {
  state: () => SimulatorState;
  checker: GraphSchemaChecker | undefined;
  serviceRoot: () => string;
}

/** Where a CSDL failure was found, for the state's violation list. */
interface CheckContext {
  method: string;
  path: string;
  route: string;
  user: string;
  batchId: string | undefined;
}

function describe(check: GraphCheck): string {
  return check.valid ? '' : check.violations.map((v) => `${v.path}: ${v.message}`).join('; ');
}

interface Match {
  route: GraphRoute;
  params: Record<string, string>;
  userSegment?: string;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchTemplate(template: string[], segments: string[]): Omit<Match, 'route'> | undefined {
  const params: Record<string, string> = {};
  let userSegment: string | undefined;
  let i = 0;
  for (const part of template) {
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part === '{user}') {
      if (segment.toLowerCase() === 'me') {
        userSegment = 'me';
        i += 1;
        continue;
      }
      const id = segments[i + 1];
      if (segment.toLowerCase() !== 'users' || id === undefined) return undefined;
      userSegment = decodeURIComponent(id);
      i += 2;
      continue;
    }
    if (part.startsWith('{') && part.endsWith('}')) {
      params[part.slice(1, -1)] = decodeURIComponent(segment);
    } else if (part.toLowerCase() !== segment.toLowerCase()) {
      return undefined;
    }
    i += 1;
  }
  if (i !== segments.length) return undefined;
  return userSegment === undefined ? { params } : { params, userSegment };
}

export class GraphRouter {
  private readonly routes: { route: GraphRoute; template: string[] }[] = [];

  constructor(
    modules: readonly GraphRouteModule[],
    private readonly options: GraphRouterOptions,
  ) {
    for (const module of modules) {
      for (const route of module.routes) {
        this.routes.push({ route, template: splitPath(route.path) });
      }
    }
  }

  /** Answers one request as `identity`; never throws (errors become Graph error bodies). */
  async dispatch(inbound: GraphInbound, identity: GraphIdentity): Promise<GraphReply> {
    const ids = {
      requestId: randomUUID(),
      clientRequestId: inbound.headers['client-request-id'] ?? '',
      date: new Date(),
    };
    ids.clientRequestId ||= ids.requestId;
    const common = { 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
    try {
      const reply = await this.answer(inbound, identity, ids.requestId);
      return { ...reply, headers: { ...common, ...reply.headers } };
    } catch (error) {
      if (error instanceof GraphError) {
        return {
          status: error.status,
          headers: { ...common, ...error.headers },
          json: graphErrorBody(error.code, error.message, ids),
        };
      }
      return {
        status: 500,
        headers: common,
        json: graphErrorBody(
          'generalException',
          `simulator error: ${error instanceof Error ? error.message : String(error)}`,
          ids,
        ),
      };
    }
  }

  private async answer(
    inbound: GraphInbound,
    identity: GraphIdentity,
    requestId: string,
  ): Promise<GraphReply> {
    const url = new URL(inbound.url.startsWith('/') ? inbound.url : `/${inbound.url}`, 'http://x');
    const segments = splitPath(url.pathname);
    const method = inbound.method.toUpperCase();
    const candidates = this.routes
      .map(({ route, template }) => {
        const m = matchTemplate(template, segments);
        return m ? { route, ...m } : undefined;
      })
      .filter((m): m is Match => m !== undefined);
    if (candidates.length === 0) {
      const last = segments.at(-1) ?? '';
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${last}'.`);
    }
    const match = candidates.find((c) => c.route.method === method);
    if (!match) {
      throw new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
        { Allow: [...new Set(candidates.map((c) => c.route.method))].join(', ') },
      );
    }
    const { route } = match;
    const state = this.options.state();
    let target = identity.caller;
    if (match.userSegment !== undefined && match.userSegment !== 'me') {
      const found = findUser(state.store, match.userSegment);
      if (!found) {
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${match.userSegment}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      if (found !== identity.caller && route.others !== true) {
        throw new GraphError(
          403,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
      }
      target = found;
    }
    if (!scopesAllow(identity.scopes, route.scopes)) {
      // The directory refuses in its own words; the mailbox services in Exchange's.
      const directory = route.scopes.some((scope) => scope.toLowerCase().startsWith('user.'));
      throw new GraphError(
        403,
        directory ? 'Authorization_RequestDenied' : 'ErrorAccessDenied',
        directory
          ? 'Insufficient privileges to complete the operation.'
          : 'Access is denied. Check credentials and try again.',
      );
    }
    const query = new GraphQuery(url.searchParams);
    for (const name of new Set(url.searchParams.keys())) {
      if (!name.startsWith('$')) continue;
      if (!(route.options ?? []).some((o) => o.toLowerCase() === name.toLowerCase())) {
        throw new GraphError(
          400,
          'BadRequest',
          `Query option '${name}' is not allowed on this resource.`,
        );
      }
    }
    const context: CheckContext = {
      method,
      path: url.pathname,
      route: `${route.method} ${route.path}`,
      user: identity.caller.email,
      batchId: inbound.batchId,
    };
    const body = this.readBody(inbound, route, context);
    const request: GraphRequest = {
      method: method as GraphHttpMethod,
      path: url.pathname,
      params: match.params,
      query,
      headers: inbound.headers,
      body,
      caller: identity.caller,
      target,
      scopes: identity.scopes,
      clientId: identity.clientId,
      state,
      serviceRoot: this.options.serviceRoot(),
      now: state.now(),
      requestId,
      dispatch: (inner) => this.dispatch(inner, identity),
    };
    const reply = await route.handle(request);
    return this.checked(reply, context);
  }

  /** Keeps a failed check in the state, where the admin API shows it. */
  private record(side: 'request' | 'response', context: CheckContext, check: GraphCheck): void {
    if (check.valid) return;
    const { batchId, ...where } = context;
    this.options.state().recordGraphViolation({
      side,
      ...where,
      ...(batchId === undefined ? {} : { batchId }),
      violations: check.violations.map((v) => ({ path: v.path, message: v.message })),
    });
  }

  private readBody(inbound: GraphInbound, route: GraphRoute, context: CheckContext): unknown {
    let body: unknown = inbound.body;
    if (inbound.bodyIsText) {
      const text = typeof inbound.body === 'string' ? inbound.body : '';
      if (text.trim() === '') body = undefined;
      else {
        try {
          body = JSON.parse(text);
        } catch {
          throw new GraphError(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          );
        }
      }
    }
    if (route.body === undefined) return body;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
    }
    const checker = this.options.checker;
    if (!checker) return body;
    const spec = route.body;
    const check =
      'action' in spec
        ? checker.checkActionBody(spec.boundTo, spec.action, body)
        : // Requests may spell enum members in any case ('Scheduled', 'Monday'), as the docs do.
          checker.checkType(spec.type, body, {
            partial: spec.partial ?? false,
            enumCase: 'anyCase',
          });
    if (!check.valid) {
      this.record('request', context, check);
      throw new GraphError(400, 'RequestBodyRead', describe(check));
    }
    return body;
  }

  private checked(reply: GraphReply, context: CheckContext): GraphReply {
    const checker = this.options.checker;
    if (!checker || reply.schema === undefined || reply.json === undefined) return reply;
    const { type, collection, partial } = reply.schema;
    const check = checker.checkType(type, reply.json, {
      collection: collection ?? false,
      partial: partial ?? false,
    });
    if (check.valid) return reply;
    this.record('response', context, check);
    throw new Error(`the ${type} answer of ${context.route} fails the CSDL: ${describe(check)}`);
  }
}
