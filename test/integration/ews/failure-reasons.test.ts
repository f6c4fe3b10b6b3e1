/**
 * Why a request failed, from real sockets to the reason the window words: an unresolvable host
 * name, a self-signed certificate (with the certificate's subject and SHA-256 as the server sent
 * it), a server that never answers, a refused port, and 503/429.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { failureFrom } from '../../../src-main/core/companion/failures.js';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { TransportError } from '../../../src-main/ews/errors.js';
import { EwsTransport } from '../../../src-main/ews/transport/ews-transport.js';
import { createDispatcher, httpRequest } from '../../../src-main/ews/transport/http.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function failing(url: string, timeoutMs = 5000): Promise<unknown> {
  const dispatcher = createDispatcher();
  try {
    await httpRequest({ method: 'GET', url, timeoutMs, maxBytes: 1000, dispatcher });
  } catch (error) {
    return error;
  } finally {
    await dispatcher.close();
  }
  throw new Error(`${url} answered`);
}

describe('failure reasons from real sockets', () => {
  it('an unresolvable host name is host-not-found, naming the host', async () => {
    const error = await failing('https://mail.nonexistent.invalid/EWS/Exchange.asmx');
    expect(error).toBeInstanceOf(TransportError);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((error as TransportError).code);
    expect(failureFrom(error)).toEqual({
      reason: 'host-not-found',
      host: 'mail.nonexistent.invalid',
    });
  });

  it('a refused port is unreachable, not host-not-found', async () => {
    const port = await listen(createHttpServer());
    const [server] = servers.splice(0);
    await new Promise((resolve) => server?.close(resolve));
    const error = await failing(`http://127.0.0.1:${port}/`);
    expect((error as TransportError).code).toBe('ECONNREFUSED');
    expect(failureFrom(error)).toEqual({ reason: 'unreachable', host: `127.0.0.1:${port}` });
  });

  it('a self-signed certificate is tls-untrusted with the subject and SHA-256 it presented', async () => {
    const pems = await selfsigned.generate(
      [
        { name: 'commonName', value: 'mail.contoso.test' },
        { name: 'organizationName', value: 'Contoso' },
      ],
      { keySize: 2048 },
    );
    let requests = 0;
    const port = await listen(
      createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
        requests += 1;
        res.end('secret');
      }),
    );
    const error = await failing(`https://127.0.0.1:${port}/`);
    const expected = new X509Certificate(pems.cert).fingerprint256;
    expect(expected).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect((error as TransportError).failure).toBe('tls');
    expect(failureFrom(error)).toEqual({
      reason: 'tls-untrusted',
      host: `127.0.0.1:${port}`,
      certificate: { subject: 'CN=mail.contoso.test, O=Contoso', fingerprint256: expected },
    });
    // Seeing the certificate did not mean trusting it: nothing reached the server.
    expect(requests).toBe(0);
  });

  it('a server that never answers is a timeout with the deadline in seconds', async () => {
    const port = await listen(createHttpServer(() => undefined));
    const error = await failing(`http://127.0.0.1:${port}/`, 300);
    expect(failureFrom(error)).toEqual({
      reason: 'timeout',
      host: `127.0.0.1:${port}`,
      seconds: 0.3,
    });
  });

  it("undici's own header deadline is a timeout too", async () => {
    const port = await listen(createHttpServer(() => undefined));
    const dispatcher = new Agent({ headersTimeout: 200 });
    let error: unknown;
    try {
      await httpRequest({
        method: 'GET',
        url: `http://127.0.0.1:${String(port)}/`,
        timeoutMs: 10_000,
        maxBytes: 1000,
        dispatcher,
      });
    } catch (caught) {
      error = caught;
    } finally {
      await dispatcher.close();
    }
    expect((error as TransportError).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(failureFrom(error)).toMatchObject({
      reason: 'timeout',
      host: `127.0.0.1:${String(port)}`,
    });
  });

  it.each([503, 429])('HTTP %i from EWS is server-busy', async (status) => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end('busy');
      }),
    );
    const transport = new EwsTransport({
      url: `http://127.0.0.1:${port}/EWS/Exchange.asmx`,
      auth: new BasicAuth('a', 'b'),
      maxAttempts: 1,
    });
    let error: unknown;
    try {
      await transport.send('Ping', '<x/>', () => 'answered');
    } catch (caught) {
      error = caught;
    } finally {
      await transport.close();
    }
    expect(failureFrom(error)).toEqual({ reason: 'server-busy' });
  });
});
