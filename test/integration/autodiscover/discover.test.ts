import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth, BearerAuth } from '../../../src-main/ews/auth.js';
import {
  discoverEwsUrl,
  type AutodiscoverOptions,
} from '../../../src-main/ews/autodiscover/discover.js';
import type { SrvRecord } from '../../../src-main/ews/autodiscover/srv.js';
import { AutodiscoverError, TransportError } from '../../../src-main/ews/errors.js';
import {
  json,
  pox,
  redirect,
  requestedAddress,
  startLoopbackInternet,
  type LoopbackInternet,
  type SeenRequest,
} from './loopback-internet.js';

const USER = 'mara@contoso.test';
const PASSWORD = 'correct horse';
const GOOD_AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

const V2 = (email: string): string =>
  `https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/${email}?Protocol=EWS`;
const V2_PATH = (email: string): string =>
  `https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/${email}`;
const POX = (host: string): string => `https://${host}/autodiscover/autodiscover.xml`;
const PROBE = 'http://autodiscover.contoso.test/autodiscover/autodiscover.xml';
const EWS = 'https://mail.contoso.test/EWS/Exchange.asmx';

let net: LoopbackInternet;

beforeAll(async () => {
  net = await startLoopbackInternet(
    [
      'outlook.office365.com',
      'contoso.test',
      'autodiscover.contoso.test',
      'mail.contoso.test',
      'fabrikam.test',
      'autodiscover.fabrikam.test',
      'mail.fabrikam.test',
    ],
    // Resolves to our server but is not in its certificate.
    ['rogue.test'],
  );
});

afterAll(async () => {
  await net.close();
});

afterEach(() => {
  // Whatever a test did, no credential may ever have reached the plain-HTTP server.
  const plain = net.seen.filter((r) => r.scheme === 'http');
  net.reset();
  expect(plain.map((r) => r.headers.authorization)).toEqual(plain.map(() => undefined));
});

function options(extra: AutodiscoverOptions = {}): AutodiscoverOptions {
  return {
    auth: new BasicAuth(USER, PASSWORD),
    dispatcher: net.dispatcher,
    timeoutMs: 5_000,
    resolveSrv: () => Promise.resolve([]),
    ...extra,
  };
}

/** A POX endpoint that checks Basic credentials like Exchange does, then answers. */
function authed(answer: (req: SeenRequest) => ReturnType<typeof pox.settings>) {
  return (req: SeenRequest) =>
    req.method === 'POST' && req.headers.authorization === GOOD_AUTH
      ? answer(req)
      : { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="contoso"' } };
}

function v2NotFound(email: string): void {
  net.route(V2_PATH(email), () =>
    json(404, { ErrorCode: 'InvalidUser', ErrorMessage: 'No mailbox for that address' }),
  );
}

async function failure(promise: Promise<unknown>): Promise<AutodiscoverError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AutodiscoverError) return error;
    throw error;
  }
  throw new Error('expected AutodiscoverError');
}

describe('Autodiscover v2 JSON', () => {
  it('returns the EWS URL from the v2 endpoint without sending credentials', async () => {
    net.route(V2_PATH(USER), () =>
      json(200, { Protocol: 'EWS', Url: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result).toEqual({
      ewsUrl: 'https://outlook.office365.com/EWS/Exchange.asmx',
      method: 'v2-json',
      redirects: 0,
      email: USER,
      attempts: [
        {
          url: V2(USER),
          outcome: 'EWS URL https://outlook.office365.com/EWS/Exchange.asmx (v2 JSON)',
        },
      ],
    });
    expect(net.seen).toHaveLength(1);
    expect(net.seen[0]?.method).toBe('GET');
    expect(net.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('follows the v2 redirect to another host', async () => {
    const onPrem =
      'https://autodiscover.contoso.test/autodiscover/autodiscover.json/v1.0/mara@contoso.test?Protocol=EWS';
    net.route(V2_PATH(USER), () => redirect(onPrem));
    net.route(onPrem, () => json(200, { Protocol: 'EWS', Url: EWS }));

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.method).toBe('v2-json');
    expect(result.redirects).toBe(1);
    expect(result.attempts.map((a) => a.outcome)).toEqual([
      `HTTP 302 → ${onPrem}`,
      `EWS URL ${EWS} (v2 JSON)`,
    ]);
    expect(net.seen.map((r) => [r.host, r.headers.authorization])).toEqual([
      ['outlook.office365.com', undefined],
      ['autodiscover.contoso.test', undefined],
    ]);
  });

  it('honours an overridden v2 base URL', async () => {
    net.route('https://fabrikam.test/autodiscover/autodiscover.json/v1.0/mara@contoso.test', () =>
      json(200, { Protocol: 'EWS', Url: EWS }),
    );
    const result = await discoverEwsUrl(USER, options({ v2BaseUrl: 'https://fabrikam.test/' }));
    expect(result.ewsUrl).toBe(EWS);
    expect(net.seen.map((r) => r.host)).toEqual(['fabrikam.test']);
  });
});

describe('Autodiscover POX', () => {
  it('falls back to POX on the domain when v2 fails, with credentials over https', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result).toEqual({
      ewsUrl: EWS,
      method: 'pox',
      redirects: 0,
      email: USER,
      attempts: [
        {
          url: V2(USER),
          outcome: 'HTTP 404; v2 error InvalidUser: No mailbox for that address',
        },
        { url: POX('contoso.test'), outcome: `EWS URL ${EWS} (EXCH)` },
      ],
    });
    const post = net.seen[1];
    expect(post?.method).toBe('POST');
    expect(post?.headers.authorization).toBe(GOOD_AUTH);
    expect(post?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(post && requestedAddress(post)).toBe(USER);
  });

  it('tries autodiscover.<domain> when the domain itself has nothing', async () => {
    v2NotFound(USER);
    net.route(
      POX('autodiscover.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.attempts.map((a) => [a.url, a.outcome])).toEqual([
      [V2(USER), 'HTTP 404; v2 error InvalidUser: No mailbox for that address'],
      [POX('contoso.test'), 'HTTP 404'],
      [POX('autodiscover.contoso.test'), `EWS URL ${EWS} (EXCH)`],
    ]);
  });

  it('restarts with the new address on redirectAddr', async () => {
    const moved = 'mara@fabrikam.test';
    v2NotFound(USER);
    v2NotFound(moved);
    net.route(
      POX('contoso.test'),
      authed(() => pox.redirectAddr(moved)),
    );
    net.route(
      POX('fabrikam.test'),
      authed((req) =>
        requestedAddress(req) === moved
          ? pox.settings('https://mail.fabrikam.test/EWS/Exchange.asmx')
          : { status: 500 },
      ),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe('https://mail.fabrikam.test/EWS/Exchange.asmx');
    expect(result.email).toBe(moved);
    expect(result.method).toBe('pox');
    expect(result.redirects).toBe(1);
    expect(result.attempts.map((a) => [a.url, a.outcome])).toEqual([
      [V2(USER), 'HTTP 404; v2 error InvalidUser: No mailbox for that address'],
      [POX('contoso.test'), `redirectAddr → ${moved}`],
      [V2(moved), 'HTTP 404; v2 error InvalidUser: No mailbox for that address'],
      [POX('fabrikam.test'), 'EWS URL https://mail.fabrikam.test/EWS/Exchange.asmx (EXCH)'],
    ]);
  });

  it('follows redirectUrl to another https host', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.redirectUrl(POX('mail.fabrikam.test'))),
    );
    net.route(
      POX('mail.fabrikam.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.redirects).toBe(1);
    expect(result.attempts.slice(1).map((a) => [a.url, a.outcome])).toEqual([
      [POX('contoso.test'), `redirectUrl → ${POX('mail.fabrikam.test')}`],
      [POX('mail.fabrikam.test'), `EWS URL ${EWS} (EXCH)`],
    ]);
    expect(net.seen.at(-1)?.host).toBe('mail.fabrikam.test');
    expect(net.seen.at(-1)?.headers.authorization).toBe(GOOD_AUTH);
  });

  it('follows exactly 10 redirects', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.redirectUrl('https://contoso.test/hop/1')),
    );
    for (let hop = 1; hop <= 9; hop++) {
      net.route(
        `https://contoso.test/hop/${hop}`,
        authed(() => pox.redirectUrl(`https://contoso.test/hop/${hop + 1}`)),
      );
    }
    net.route(
      'https://contoso.test/hop/10',
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.redirects).toBe(10);
  });

  it('stops at the 11th redirect with an AutodiscoverError', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.redirectUrl('https://contoso.test/hop/1')),
    );
    for (let hop = 1; hop <= 20; hop++) {
      net.route(
        `https://contoso.test/hop/${hop}`,
        authed(() => pox.redirectUrl(`https://contoso.test/hop/${hop + 1}`)),
      );
    }

    const error = await failure(discoverEwsUrl(USER, options()));

    expect(error.message).toContain('more than 10 redirects');
    const posts = net.seen.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual([
      '/autodiscover/autodiscover.xml',
      ...Array.from({ length: 10 }, (_, i) => `/hop/${i + 1}`),
    ]);
    expect(error.attempts).toHaveLength(12);
    expect(error.attempts.at(-1)).toEqual({
      url: 'https://contoso.test/hop/10',
      outcome: 'redirectUrl → https://contoso.test/hop/11',
    });
    // The cap ends the discovery: no later candidate is tried.
    expect(net.seen.some((r) => r.host === 'autodiscover.contoso.test')).toBe(false);
  });

  it('refuses an http:// redirectUrl and moves on to the next candidate', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.redirectUrl('http://mail.fabrikam.test/autodiscover/autodiscover.xml')),
    );
    net.route(
      POX('autodiscover.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.redirects).toBe(0);
    expect(result.attempts[1]).toEqual({
      url: POX('contoso.test'),
      outcome:
        'redirectUrl refused redirect to http://mail.fabrikam.test/autodiscover/autodiscover.xml: not https',
    });
    expect(net.seen.some((r) => r.scheme === 'http')).toBe(false);
  });

  it('records a refused password as an attempt and reports every attempt', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.settings(EWS)),
    );
    net.route(
      POX('autodiscover.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const error = await failure(
      discoverEwsUrl(USER, options({ auth: new BasicAuth(USER, 'wrong') })),
    );

    expect(error.attempts).toEqual([
      { url: V2(USER), outcome: 'HTTP 404; v2 error InvalidUser: No mailbox for that address' },
      { url: POX('contoso.test'), outcome: 'HTTP 401: credentials refused' },
      { url: POX('autodiscover.contoso.test'), outcome: 'HTTP 401: credentials refused' },
      { url: PROBE, outcome: 'HTTP 404: no redirect' },
      { url: 'srv:_autodiscover._tcp.contoso.test', outcome: 'no usable SRV record' },
    ]);
    expect(error.message).toBe('No EWS URL found for mara@contoso.test after 5 attempts');
  });

  it('retries once when the auth provider renews its credentials after a 401', async () => {
    v2NotFound(USER);
    let token = 'expired';
    const refreshed: boolean[] = [];
    net.route(POX('contoso.test'), (req) =>
      req.headers.authorization === 'Bearer fresh'
        ? pox.settings(EWS)
        : { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    );
    const auth = new BearerAuth({
      token: () => Promise.resolve(token),
      refresh: () => {
        refreshed.push(true);
        token = 'fresh';
        return Promise.resolve(true);
      },
    });

    const result = await discoverEwsUrl(USER, options({ auth }));

    expect(result.ewsUrl).toBe(EWS);
    expect(refreshed).toHaveLength(1);
    expect(result.attempts.slice(1).map((a) => a.outcome)).toEqual([
      'HTTP 401; retrying with renewed credentials',
      `EWS URL ${EWS} (EXCH)`,
    ]);
    expect(net.seen.filter((r) => r.method === 'POST').map((r) => r.headers.authorization)).toEqual(
      ['Bearer expired', 'Bearer fresh'],
    );
  });

  it('goes anonymous without an auth provider and says so on a 401', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.settings(EWS)),
    );
    const error = await failure(discoverEwsUrl(USER, { ...options(), auth: undefined }));

    expect(error.attempts[1]).toEqual({
      url: POX('contoso.test'),
      outcome: 'HTTP 401: the server wants credentials and none are configured',
    });
    expect(net.seen.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('records a malformed answer and tries the next candidate', async () => {
    v2NotFound(USER);
    net.route(POX('contoso.test'), () => ({
      status: 200,
      headers: { 'Content-Type': 'text/xml' },
      body: '<Autodiscover><Response><Account><Action>settings</Account></Autodiscover>',
    }));
    net.route(
      POX('autodiscover.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.attempts[1]?.url).toBe(POX('contoso.test'));
    expect(result.attempts[1]?.outcome).toMatch(/^unusable answer: Malformed XML/);
    expect(result.attempts[2]).toEqual({
      url: POX('autodiscover.contoso.test'),
      outcome: `EWS URL ${EWS} (EXCH)`,
    });
  });

  it('refuses a settings answer whose EWS URL is plain http', async () => {
    v2NotFound(USER);
    net.route(
      POX('contoso.test'),
      authed(() => pox.settings('http://mail.contoso.test/EWS/Exchange.asmx')),
    );
    net.route(
      POX('autodiscover.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.attempts[1]?.outcome).toBe(
      'answer named an EWS URL that is not https: http://mail.contoso.test/EWS/Exchange.asmx',
    );
  });
});

describe('Autodiscover plain-HTTP probe', () => {
  it('follows its 302 to https and sends credentials only there', async () => {
    v2NotFound(USER);
    net.route(PROBE, () => redirect(POX('mail.contoso.test')));
    net.route(
      POX('mail.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(USER, options());

    expect(result.ewsUrl).toBe(EWS);
    expect(result.method).toBe('pox');
    expect(result.redirects).toBe(1);
    expect(result.attempts.slice(3).map((a) => [a.url, a.outcome])).toEqual([
      [PROBE, `HTTP 302 → ${POX('mail.contoso.test')}`],
      [POX('mail.contoso.test'), `EWS URL ${EWS} (EXCH)`],
    ]);
    const probe = net.seen.filter((r) => r.scheme === 'http');
    expect(probe).toHaveLength(1);
    expect(probe[0]?.method).toBe('GET');
    expect(probe[0]?.body).toBe('');
    expect(probe[0]?.headers.authorization).toBeUndefined();
    expect(net.seen.at(-1)?.headers.authorization).toBe(GOOD_AUTH);
  });

  it('refuses its 302 to http', async () => {
    v2NotFound(USER);
    net.route(PROBE, () => redirect('http://mail.contoso.test/autodiscover/autodiscover.xml'));
    net.route('http://mail.contoso.test/autodiscover/autodiscover.xml', () => pox.settings(EWS));

    const error = await failure(discoverEwsUrl(USER, options()));

    expect(error.attempts).toContainEqual({
      url: PROBE,
      outcome:
        'HTTP 302; refused redirect to http://mail.contoso.test/autodiscover/autodiscover.xml: not https',
    });
    expect(net.seen.filter((r) => r.scheme === 'http').map((r) => r.host)).toEqual([
      'autodiscover.contoso.test',
    ]);
    expect(net.seen.some((r) => r.host === 'mail.contoso.test')).toBe(false);
  });
});

describe('Autodiscover DNS SRV', () => {
  it('tries the SRV targets in order, with TLS verification on', async () => {
    v2NotFound(USER);
    const asked: string[] = [];
    const records: SrvRecord[] = [
      { name: 'mail.contoso.test', port: 8443, priority: 10, weight: 0 },
      { name: 'rogue.test', port: 443, priority: 0, weight: 0 },
    ];
    net.route(
      'https://rogue.test/autodiscover/autodiscover.xml',
      authed(() => pox.settings('https://rogue.test/EWS/Exchange.asmx')),
    );
    net.route(
      POX('mail.contoso.test'),
      authed(() => pox.settings(EWS)),
    );

    const result = await discoverEwsUrl(
      USER,
      options({
        resolveSrv: (name) => {
          asked.push(name);
          return Promise.resolve(records);
        },
      }),
    );

    expect(asked).toEqual(['_autodiscover._tcp.contoso.test']);
    expect(result.ewsUrl).toBe(EWS);
    expect(result.method).toBe('srv');
    const tail = result.attempts.slice(4);
    expect(tail[0]).toEqual({
      url: 'srv:_autodiscover._tcp.contoso.test',
      outcome:
        'SRV → https://rogue.test/autodiscover/autodiscover.xml, https://mail.contoso.test:8443/autodiscover/autodiscover.xml',
    });
    // rogue.test resolves to our server, but its certificate does not name it.
    expect(tail[1]?.url).toBe('https://rogue.test/autodiscover/autodiscover.xml');
    expect(tail[1]?.outcome).toMatch(/^tls: /);
    expect(tail[2]).toEqual({
      url: 'https://mail.contoso.test:8443/autodiscover/autodiscover.xml',
      outcome: `EWS URL ${EWS} (EXCH)`,
    });
    expect(net.seen.some((r) => r.host === 'rogue.test')).toBe(false);
  });

  it('records a failed SRV lookup', async () => {
    v2NotFound(USER);
    const error = await failure(
      discoverEwsUrl(
        USER,
        options({
          resolveSrv: () =>
            Promise.reject(Object.assign(new Error('queryNoData'), { code: 'ENODATA' })),
        }),
      ),
    );
    expect(error.attempts.at(-1)).toEqual({
      url: 'srv:_autodiscover._tcp.contoso.test',
      outcome: 'SRV lookup failed (ENODATA)',
    });
  });
});

describe('Autodiscover input and cancellation', () => {
  it('refuses a string that is not an address without any request', async () => {
    const error = await failure(discoverEwsUrl('mara', options()));
    expect(error.attempts).toEqual([{ url: 'mara', outcome: 'not an SMTP address' }]);
    expect(net.seen).toHaveLength(0);
  });

  it('stops with TransportError("aborted") when the signal has fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await discoverEwsUrl(USER, options({ signal: controller.signal })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(TransportError);
    expect((outcome as TransportError).failure).toBe('aborted');
    expect(net.seen).toHaveLength(0);
  });
});
