/**
 * The browser sign-in: Beacon's own loopback listener (127.0.0.1 only, one redirect with the
 * expected state, a page for a wrong state, a timeout and Cancel) and the whole auth code + PKCE
 * flow against a real OpenID Connect authority, the test playing the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { request } from 'undici';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { OAuthError } from '../../../src-main/auth/oauth/errors.js';
import { PAGE_TEXT, startLoopbackListener } from '../../../src-main/auth/oauth/loopback.js';
import { OAuthSession } from '../../../src-main/auth/oauth/session.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';
import { canConnect } from '../../support/loopback-port.js';

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await request(url.replace('//localhost:', '//127.0.0.1:'));
  return { status: res.statusCode, body: await res.body.text() };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('the loopback listener', () => {
  it('listens on 127.0.0.1 only and names localhost in the redirect URI', async () => {
    const listener = await startLoopbackListener({ expectedState: 's1', timeoutMs: 10_000 });
    expect(listener.redirectUri).toBe(`http://localhost:${listener.port}`);
    expect(await canConnect(listener.port, '127.0.0.1')).toBe(true);
    expect(await canConnect(listener.port, '::1')).toBe(false);
    await listener.close();
    expect(await rejection(listener.redirect)).toMatchObject({ kind: 'cancelled' });
  });

  it('refuses a wrong state with a page and keeps waiting; accepts the right one, then no more', async () => {
    const listener = await startLoopbackListener({ expectedState: 'right', timeoutMs: 10_000 });
    const wrong = await get(`${listener.redirectUri}/?code=stolen&state=wrong`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(PAGE_TEXT.wrongState.title);
    const right = await get(`${listener.redirectUri}/?code=the-code&state=right`);
    expect(right.status).toBe(200);
    expect(right.body).toContain(PAGE_TEXT.done.title);
    const redirect = await listener.redirect;
    expect(redirect.code).toBe('the-code');
    await listener.close();
    expect(await canConnect(listener.port, '127.0.0.1')).toBe(false);
  });

  it('an error redirect with the right state ends the sign-in as refused', async () => {
    const listener = await startLoopbackListener({ expectedState: 'st', timeoutMs: 10_000 });
    const answer = await get(`${listener.redirectUri}/?error=access_denied&state=st`);
    expect(answer.status).toBe(400);
    const error = await rejection(listener.redirect);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ kind: 'refused' });
  });

  it('gives up after its timeout, and on Cancel', async () => {
    const timed = await startLoopbackListener({ expectedState: 'x', timeoutMs: 200 });
    expect(await rejection(timed.redirect)).toMatchObject({ kind: 'timed-out' });
    expect(await canConnect(timed.port, '127.0.0.1')).toBe(false);
    const cancel = new AbortController();
    const waiting = await startLoopbackListener({
      expectedState: 'x',
      timeoutMs: 10_000,
      signal: cancel.signal,
    });
    cancel.abort();
    expect(await rejection(waiting.redirect)).toMatchObject({ kind: 'cancelled' });
  });
});

describe('browser sign-in against a real authority', () => {
  let authority: OidcAuthority;

  beforeAll(async () => {
    authority = await startOidcAuthority({ accessTokenSeconds: 600 });
  }, 30_000);
  afterAll(async () => {
    await authority.close();
  });

  function session(mailbox: string, openExternal: (url: string) => void): OAuthSession {
    return new OAuthSession({
      config: resolveOAuthConfig(
        { clientId: authority.clientId, authority: authority.issuer },
        { ewsScope: authority.scope },
      ),
      mailbox,
      extraCa: authority.caPem,
      openExternal,
      browserTimeoutMs: 20_000,
    });
  }

  it('opens the authority, the redirect reaches the loopback, and the token is the user’s', async () => {
    const opened: string[] = [];
    const browserDone: Promise<void>[] = [];
    let expiresAt: Date | undefined;
    const s = session('dana@contoso.com', (url) => {
      opened.push(url);
      browserDone.push(
        (async () => {
          const back = await authority.signInInBrowser(url, 'dana@contoso.com');
          const page = await get(back);
          expect(page.status).toBe(200);
        })(),
      );
    });
    const identity = await s.signInWithBrowser({
      onBrowser: (at) => {
        expiresAt = at;
      },
    });
    await Promise.all(browserDone);
    expect(identity.username).toBe('dana@contoso.com');
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0] ?? '');
    expect(url.origin).toBe(authority.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(expiresAt?.getTime()).toBeGreaterThan(Date.now());
    const claims = decodeJwt(await s.tokenSource().token());
    expect(claims.sub).toBe('dana@contoso.com');
    await s.close();
  }, 30_000);

  it('Cancel while the browser is open ends the sign-in and the listener', async () => {
    const cancel = new AbortController();
    let redirectUri = '';
    const s = session('erin@contoso.com', (url) => {
      redirectUri = new URL(url).searchParams.get('redirect_uri') ?? '';
      cancel.abort();
    });
    const error = await rejection(s.signInWithBrowser({ signal: cancel.signal }));
    expect(error).toMatchObject({ kind: 'cancelled' });
    const port = Number(new URL(redirectUri).port);
    expect(await canConnect(port, '127.0.0.1')).toBe(false);
    await s.close();
  }, 30_000);
});
