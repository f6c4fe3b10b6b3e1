/**
 * A real OpenID Connect authority for the OAuth tests: oidc-provider over https with a per-run
 * certificate (its own CA, made by selfsigned), real RS256 signing keys, the authorization code
 * (+ PKCE) and device flows, a public client for Beacon with a loopback redirect, minimal login
 * and consent pages of our own, JWT access tokens for one resource (the simulator's audience)
 * with a configurable lifetime, and refresh tokens that a test can revoke.
 *
 * oidc-provider 9 prints "Unsupported runtime" on Node 20: its maintainers support only the
 * current LTS lines. That is a support policy, not a missing feature: the flows used here run on
 * Node 20.20, and these tests assert every redirect, code and token they depend on, so a real
 * incompatibility would fail them rather than pass silently.
 */
import { selfSignedCertificate } from '../../src-main/sim/index.js';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { Agent, request } from 'undici';

/**
 * Beacon's client id at the test authority: a GUID, as Entra ID's application ids are, so a
 * sign-in here reaches everything an Entra ID one does — Graph takes the application id as the
 * id of Beacon's presence session in Teams, and a Graph backend publishes only under a GUID.
 */
export const BEACON_TEST_CLIENT_ID = '7e57beac-0a11-4c0d-9e5f-0000000000a1';
export const TEST_EWS_SCOPE = 'ews.access';

export interface OidcAuthorityOptions {
  /** Access token lifetime in seconds (default 300). */
  accessTokenSeconds?: number;
  /** The audience of access tokens (the simulator's EWS URL origin, say). */
  audience?: string;
  /**
   * The resource's scopes a client may ask for (default [TEST_EWS_SCOPE]); a token carries the
   * ones asked for in its `scope` claim (Graph's delegated scopes for the Graph face, say).
   */
  resourceScopes?: readonly string[];
  /**
   * The tenant's administrator consented to every resource scope for Beacon (Entra ID's admin
   * consent): an authorization request is answered for all of them, so the one sign-in's refresh
   * token renews any of them without asking the user again, as Entra ID's renews any consented
   * scope (a sign-in for EWS's scope can then reach Graph's). Default false: only what was asked.
   */
  adminConsent?: boolean;
}

export interface OidcAuthority {
  /** The issuer and MSAL authority, `https://localhost:<port>`. */
  issuer: string;
  jwksUri: string;
  audience: string;
  clientId: string;
  scope: string;
  /** The per-run CA certificate the server's certificate chains to (it is its own root). */
  caPem: string;
  /** Every request the authority received: method and path (the token endpoint is `/token`). */
  requests: { method: string; path: string }[];
  /** How many token requests asked for a refresh. */
  refreshCount(): number;
  /** Ends every grant: refresh tokens stop working (`invalid_grant`). */
  revokeAll(): Promise<void>;
  /** Plays the user of the device flow: enters the code, logs in as `login`, consents. */
  approveDeviceCode(userCode: string, login: string): Promise<void>;
  /** Plays the browser: from the authorization URL through login and consent; the redirect back. */
  signInInBrowser(url: string, login: string): Promise<string>;
  close(): Promise<void>;
}

function perRunCertificate(): Promise<{ key: string; cert: string }> {
  return selfSignedCertificate('Beacon test authority CA');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
  });
}

/** The hidden inputs of a page's form, as oidc-provider writes them. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    if (m[1] !== undefined) fields[m[1]] = m[2] ?? '';
  }
  return fields;
}

function page(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><body>${html}</body></html>`);
}

export async function startOidcAuthority(
  options: OidcAuthorityOptions = {},
): Promise<OidcAuthority> {
  const tls = await perRunCertificate();
  const server: Server = createServer({ key: tls.key, cert: tls.cert });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `https://localhost:${port}`;
  const audience = options.audience ?? 'https://ews.beacon.test';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'run-key', alg: 'RS256', use: 'sig' };
  const grantIds = new Set<string>();
  const requests: { method: string; path: string }[] = [];
  let refreshes = 0;

  const configuration: Configuration = {
    clients: [
      {
        client_id: BEACON_TEST_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        redirect_uris: ['http://localhost', 'http://127.0.0.1'],
        grant_types: [
          'authorization_code',
          'refresh_token',
          'urn:ietf:params:oauth:grant-type:device_code',
        ],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email'],
      profile: ['preferred_username', 'name'],
    },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, preferred_username: sub, name: sub }),
    }),
    // MSAL derives the device endpoint from the token endpoint (`/token` → `/devicecode`).
    routes: { device_authorization: '/devicecode', token: '/token' },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // MSAL sends no `resource`: every token is for the one EWS audience.
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: (options.resourceScopes ?? [TEST_EWS_SCOPE]).join(' '),
          audience,
          accessTokenTTL: options.accessTokenSeconds ?? 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // As Entra ID does, the access token names the user (the simulator maps it to a mailbox).
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) =>
      token.accountId === undefined ? {} : { preferred_username: token.accountId },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // As Entra ID does, a refresh token outlives the browser session it came from (OpenID
    // Connect's rule, which oidc-provider follows, ends it with the session when the grant lacks
    // offline_access — see the token endpoint below).
    expiresWithSession: () => false,
    ttl: { RefreshToken: 24 * 3600, DeviceCode: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
  };
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  const callback = provider.callback();
  const countRefresh = (ctx: { oidc: { params?: Record<string, unknown> } }): void => {
    if (ctx.oidc.params?.['grant_type'] === 'refresh_token') refreshes++;
  };
  provider.on('grant.success', countRefresh);
  provider.on('grant.error', countRefresh);

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const uid = escapeHtml(details.uid);
    if (req.method === 'GET') {
      if (details.prompt.name === 'login') {
        page(
          res,
          `<h1>Sign in</h1><form method="post" action="/interaction/${uid}">` +
            `<label>Login <input name="login" autocomplete="off"></label>` +
            `<button type="submit">Sign in</button></form>`,
        );
      } else {
        page(
          res,
          `<h1>Allow Beacon</h1><form method="post" action="/interaction/${uid}">` +
            `<button type="submit" name="consent" value="yes">Allow</button></form>`,
        );
      }
      return;
    }
    const form = await readForm(req);
    if (details.prompt.name === 'login') {
      const login = form.get('login') ?? '';
      if (!/^[^@\s]+@[^@\s]+$/.test(login)) {
        page(res, '<p>Unknown user</p>');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    const accountId = details.session?.accountId;
    const clientId = details.params['client_id'];
    if (typeof accountId !== 'string' || typeof clientId !== 'string') {
      page(res, '<p>No session</p>');
      return;
    }
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    grantIds.add(grantId);
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      {
        mergeWithLastSubmission: true,
      },
    );
  }

  server.on('request', (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path });
    if (options.adminConsent === true && path === '/auth' && req.method === 'GET') {
      // Every consented resource scope, besides the ones the client named.
      const url = new URL(req.url ?? '/', issuer);
      const asked = (url.searchParams.get('scope') ?? '').split(' ').filter((s) => s !== '');
      const all = new Set([...asked, ...(options.resourceScopes ?? [TEST_EWS_SCOPE])]);
      url.searchParams.set('scope', [...all].join(' '));
      req.url = `${url.pathname}${url.search}`;
    }
    if (path.startsWith('/interaction/')) {
      interaction(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(error instanceof Error ? error.message : 'error');
      });
      return;
    }
    if (path === '/token' && req.method === 'POST') {
      // MSAL polls with Entra ID's short grant name `device_code`; the standard (RFC 8628) name
      // is the URN oidc-provider knows. The body is read here and handed over already read.
      readForm(req)
        .then((form) => {
          if (form.get('grant_type') === 'device_code') {
            form.set('grant_type', 'urn:ietf:params:oauth:grant-type:device_code');
          }
          // OpenID Connect (§11) keeps offline_access in an authorization request only with
          // prompt=consent, so oidc-provider drops it from the browser flow's grant (the device
          // flow keeps it). Entra ID has no such rule: MSAL asks for offline_access at sign-in and
          // again on every refresh, without prompt=consent, and Entra ID renews. A refresh here
          // is therefore judged on the scopes besides offline_access, as Entra ID judges it.
          if (form.get('grant_type') === 'refresh_token' && form.has('scope')) {
            const scope = (form.get('scope') ?? '')
              .split(' ')
              .filter((s) => s !== '' && s !== 'offline_access');
            if (scope.length > 0) form.set('scope', scope.join(' '));
            else form.delete('scope');
          }
          (req as IncomingMessage & { body?: string }).body = form.toString();
          void callback(req, res);
        })
        .catch(() => res.destroy());
      return;
    }
    void callback(req, res);
  });

  const agent = new Agent({ connect: { ca: tls.cert } });

  /** One request with a cookie jar (the device flow's pages keep a session). */
  async function browse(
    jar: Map<string, string>,
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | undefined; body: string }> {
    const headers: Record<string, string> = {};
    if (jar.size > 0) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await request(new URL(url, issuer), {
      method,
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      dispatcher: agent,
    });
    const setCookie = res.headers['set-cookie'];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), value);
    }
    const location = res.headers['location'];
    return {
      status: res.statusCode,
      location: typeof location === 'string' ? location : undefined,
      body: await res.body.text(),
    };
  }

  async function approveDeviceCode(userCode: string, login: string): Promise<void> {
    const jar = new Map<string, string>();
    const entry = await browse(jar, 'GET', '/device');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(entry.body)?.[1];
    if (!xsrf) throw new Error(`device page without xsrf: ${entry.status}`);
    const step = await browse(jar, 'POST', '/device', { xsrf, user_code: userCode });
    const end = await drive(jar, step, login);
    if (end.status === 200 && /Sign-in Success|successfully/i.test(end.body)) return;
    throw new Error(`device flow stopped at ${end.status}: ${end.body.slice(0, 3000)}`);
  }

  /**
   * Plays a browser from `url` (the authorization URL Beacon opened): signs in as `login`,
   * consents, and returns the redirect the authority sends back (to Beacon's loopback), unfollowed.
   */
  async function signInInBrowser(url: string, login: string): Promise<string> {
    const jar = new Map<string, string>();
    const end = await drive(jar, await browse(jar, 'GET', url), login);
    if (end.location === undefined) throw new Error(`no redirect: ${end.status} ${end.body}`);
    return end.location;
  }

  type Step = Awaited<ReturnType<typeof browse>>;

  /** Follows redirects on the authority through login and consent, answering each form. */
  async function drive(jar: Map<string, string>, first: Step, login: string): Promise<Step> {
    let step = first;
    // Follow redirects through login and consent, answering each page's form.
    for (let hops = 0; hops < 12; hops++) {
      if (step.location) {
        if (new URL(step.location, issuer).origin !== issuer) return step;
        step = await browse(jar, 'GET', step.location);
        continue;
      }
      if (step.body.includes('name="login"')) {
        const action = /action="([^"]+)"/.exec(step.body)?.[1] ?? '';
        step = await browse(jar, 'POST', action, { login });
        continue;
      }
      if (step.body.includes('name="consent"')) {
        const action = /action="([^"]+)"/.exec(step.body)?.[1] ?? '';
        step = await browse(jar, 'POST', action, { consent: 'yes' });
        continue;
      }
      // oidc-provider's device confirmation page: its hidden fields, and Continue (confirm=yes).
      if (/name="confirm"/.test(step.body)) {
        const action = /action="([^"]+)"/.exec(step.body)?.[1] ?? '';
        step = await browse(jar, 'POST', action, { ...hiddenFields(step.body), confirm: 'yes' });
        continue;
      }
      return step;
    }
    throw new Error('the sign-in did not finish');
  }

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    audience,
    clientId: BEACON_TEST_CLIENT_ID,
    scope: TEST_EWS_SCOPE,
    caPem: tls.cert,
    requests,
    refreshCount: () => refreshes,
    revokeAll: async () => {
      for (const id of grantIds) {
        const grant = await provider.Grant.find(id);
        await grant?.destroy();
      }
      grantIds.clear();
    },
    approveDeviceCode,
    signInInBrowser,
    close: async () => {
      await agent.close();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
}
