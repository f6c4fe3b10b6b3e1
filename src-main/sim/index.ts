/**
 * The schema-strict EWS simulator: a real HTTP/HTTPS server that answers EWS the way Exchange
 * Online does, with an admin API for tests and demos (see the README).
 */
import { NtlmAcceptor, type SimNtlmOptions } from './ntlm.js';
import type { SeedName } from './seed.js';
import { createSimulatorServer, listen, type ServerConfig } from './server.js';
import { createBearerVerifier, createJwtClaimsVerifier, type BearerAuthority } from './auth.js';
import { GRAPH_AUDIENCES } from './graph/auth.js';
import { GRAPH_ROUTE_MODULES } from './graph/modules.js';
import { GraphRouter } from './graph/router.js';
import type { GraphSchemaChecker } from './graph/schema-checker.js';
import { SimulatorState } from './state.js';
import type { NotificationSettings } from './subscriptions.js';

export interface SimulatorOptions {
  /** 0 = a random free port (default 0). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Serve HTTPS with a self-signed certificate made on start (SAN localhost, 127.0.0.1). */
  https?: boolean;
  /** Validate every request body against ../shared/ews-schema (default true). */
  strict?: boolean;
  /** Passed to EwsSchemaValidator.load. */
  schemaDir?: string;
  /** Write each request/response pair to NNNN-Operation.request.xml / .response.xml. */
  recordDir?: string;
  /** Default 'demo'. */
  seed?: SeedName;
  /** Injected clock; the demo seed is relative to it. */
  now?: () => Date;
  /** Sign-in with NTLM (as on-premises Exchange) instead of Basic/Bearer; see ntlm.ts. */
  ntlm?: SimNtlmOptions;
  /**
   * An OpenID Connect authority: Bearer then means its signed access tokens only (the static
   * tokens stop working), and 401s name it in `authorization_uri`.
   */
  oauth?: BearerAuthority;
  /**
   * Streaming and pull notifications: heartbeat interval, the length of a ConnectionTimeout
   * minute, Exchange Online's limits (see subscriptions.ts; real values by default).
   */
  notifications?: Partial<NotificationSettings>;
  /**
   * The CSDL check of every Graph request and response body (graph/schema-checker.ts). By default
   * the v1.0 CSDL from ../shared/graph-schema when `strict` (as the EWS face's XSD); with
   * `strict: false` and no checker the Graph face answers unchecked.
   */
  graphChecker?: GraphSchemaChecker;
}

export interface SimUser {
  email: string;
  displayName: string;
  password: string;
  token: string;
}

export interface RunningSimulator {
  baseUrl: string;
  ewsUrl: string;
  /** The Graph face's service root, `<baseUrl>/v1.0`. */
  graphUrl: string;
  adminUrl: string;
  caPem?: string;
  users: SimUser[];
  /** With `ntlm`: connections accepted, AUTHENTICATE messages accepted and refused (and why). */
  ntlm?: Pick<NtlmAcceptor, 'connections' | 'accepted' | 'failures'>;
  close(): Promise<void>;
}

/** A fresh self-signed CA certificate for localhost and 127.0.0.1 (tests' https servers too). */
export async function selfSignedCertificate(
  commonName = 'localhost',
): Promise<{ key: string; cert: string }> {
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? ((): Date => new Date());
  const state = new SimulatorState(options.seed ?? 'demo', now, options.notifications);
  // Loaded only when used: libxml2 (WebAssembly) and the certificate generator each cost hundreds
  // of milliseconds at start, which the demo mailbox (not strict, plain HTTP) never needs.
  const validator =
    options.strict === false
      ? undefined
      : (await import('./schema/ews-schema-validator.js')).EwsSchemaValidator.load(
          options.schemaDir,
        );
  const tls = options.https ? await selfSignedCertificate() : undefined;
  const config: ServerConfig = {
    state,
    validator,
    recordDir: options.recordDir,
    tls,
    urls: { ewsUrl: '', host },
  };
  const ntlm =
    options.ntlm === undefined
      ? undefined
      : new NtlmAcceptor(options.ntlm, tls?.cert, () => state.store.credentials, now);
  config.ntlm = ntlm;
  if (options.oauth !== undefined) {
    config.bearer = {
      authority: options.oauth,
      verify: await createBearerVerifier(options.oauth, now),
    };
  }
  const router = new GraphRouter(GRAPH_ROUTE_MODULES, {
    state: () => state,
    checker:
      options.graphChecker ??
      (options.strict === false
        ? undefined
        : (await import('./graph/csdl-checker.js')).CsdlSchemaChecker.load()),
    serviceRoot: () => `${new URL(config.urls.ewsUrl).origin}/v1.0`,
  });
  config.graph = {
    router,
    verify:
      options.oauth === undefined
        ? undefined
        : await createJwtClaimsVerifier(options.oauth, GRAPH_AUDIENCES, now),
    authorizationUri: options.oauth?.issuer,
  };
  const server = createSimulatorServer(config);
  if (ntlm !== undefined)
    server.on('connection', () => {
      ntlm.connections += 1;
    });
  const address = await listen(server, options.port ?? 0, host);
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const baseUrl = `${tls ? 'https' : 'http'}://${urlHost}:${address.port}`;
  const ewsUrl = `${baseUrl}/EWS/Exchange.asmx`;
  config.urls = { ewsUrl, host: urlHost };
  const users: SimUser[] = state.store.credentials.map((c) => ({
    email: c.email,
    displayName: state.store.find(c.email)?.displayName ?? c.email,
    password: c.password,
    token: c.token,
  }));
  const running: RunningSimulator = {
    baseUrl,
    ewsUrl,
    graphUrl: `${baseUrl}/v1.0`,
    adminUrl: `${baseUrl}/admin`,
    users,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
  if (tls) running.caPem = tls.cert;
  if (ntlm !== undefined) running.ntlm = ntlm;
  return running;
}

export type { SeedName } from './seed.js';
export type { FaultKind, FaultSpec } from './faults.js';
export type { GraphViolationEntry, RequestLogEntry } from './state.js';
export type { NotificationSettings } from './subscriptions.js';
