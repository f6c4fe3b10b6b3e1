/**
 * The SMTP relay for alerts: nodemailer over STARTTLS only (`requireTLS`: a relay that does not
 * offer STARTTLS is refused before any credential is sent), AUTH with the relay password from
 * the keychain, the certificate verified (a private CA may be added, as for Exchange).
 */
import { rootCertificates } from 'node:tls';
import type { Transporter } from 'nodemailer';

export interface RelayConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** A private root CA (PEM) for the relay's certificate. */
  extraCa?: string;
  /** Default 20 s. */
  timeoutMs?: number;
}

export interface RelayMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Why the relay failed, in words the window and the log can use. */
export type RelayFailureReason =
  'wrong-password' | 'starttls-missing' | 'tls-untrusted' | 'unreachable' | 'timeout' | 'rejected';

export class RelayError extends Error {
  override readonly name = 'RelayError';
  constructor(
    readonly reason: RelayFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** nodemailer's error as a reason (pure). */
export function relayFailureOf(error: unknown, host: string): RelayError {
  const e = error as { code?: unknown; message?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'EAUTH' || e.responseCode === 535)
    return new RelayError('wrong-password', `The relay ${host} refused the user name or password`);
  if (code === 'ETLS' && /starttls/i.test(message))
    return new RelayError(
      'starttls-missing',
      `The relay ${host} does not offer STARTTLS; Beacon sends nothing without encryption`,
    );
  if (code === 'ETLS' || /certificate|self[- ]signed|unable to verify|altnames/i.test(message))
    return new RelayError('tls-untrusted', `The certificate of the relay ${host} is not trusted`);
  if (code === 'ETIMEDOUT')
    return new RelayError('timeout', `The relay ${host} did not answer in time`);
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS')
    return new RelayError('unreachable', `The relay ${host} could not be reached`);
  return new RelayError('rejected', `The relay ${host} refused the message`);
}

/** nodemailer is loaded on the first mail, not at start: most accounts never relay. */
async function transportFor(config: RelayConfig): Promise<Transporter> {
  const { default: nodemailer } = await import('nodemailer');
  const timeout = config.timeoutMs ?? 20_000;
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: false,
    requireTLS: true,
    auth: { user: config.user, pass: config.password },
    tls: {
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // On top of the system's roots, as for Exchange and XMPP: `ca` alone would replace them.
      ...(config.extraCa === undefined ? {} : { ca: [...rootCertificates, config.extraCa] }),
    },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
}

/** Sends one mail; throws a RelayError with the reason. */
export async function sendRelayMail(config: RelayConfig, mail: RelayMail): Promise<void> {
  const transport = await transportFor(config);
  try {
    await transport.sendMail(mail);
  } catch (error) {
    throw relayFailureOf(error, config.host);
  } finally {
    transport.close();
  }
}

/** Connects, STARTTLS, AUTH, and quits: proves the settings and the password. */
export async function verifyRelay(config: RelayConfig): Promise<void> {
  const transport = await transportFor(config);
  try {
    await transport.verify();
  } catch (error) {
    throw relayFailureOf(error, config.host);
  } finally {
    transport.close();
  }
}
