/**
 * The footer says an untrusted certificate once: after a failed Refresh names the certificate in
 * its error line, the status line says only when Beacon retries, in English and Korean. Before
 * that, or for another certificate, it names the certificate itself.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, Failure } from '../../../src-main/core/contract.js';
import {
  certificateAlreadyShown,
  connectionText,
} from '../../../src-renderer/features/footer/connection-text.js';
import { en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const NOW = Date.parse('2026-11-27T14:05:00.000Z');
const clock = (iso: string): string => iso.slice(11, 16);
const PRINT =
  '4A:D9:EC:10:DE:ED:B7:CF:C2:45:B9:30:FF:A6:20:8D:56:D1:A1:0E:24:AA:9C:FF:0B:0F:76:0A:A1:C5:CB:15';
const OTHER = PRINT.replace('4A', '5B');

const untrusted = (fingerprint256: string): Failure => ({
  reason: 'tls-untrusted',
  host: 'mail.contoso.test',
  certificate: { subject: 'CN=mail.contoso.test, O=Contoso', fingerprint256 },
});

const connection: Connection = {
  state: 'stale',
  error: { kind: 'transport', message: 'TLS certificate was not accepted' },
  failure: untrusted(PRINT),
  retryAt: new Date(NOW + 31_000).toISOString(),
};

describe('the footer after a Refresh failed on an untrusted certificate', () => {
  it('names the certificate in the status line until a Refresh error does', () => {
    expect(connectionText(connection, NOW, en, clock)).toBe(
      'The server’s certificate isn’t trusted (CN=mail.contoso.test, O=Contoso, SHA-256 4A:D9:EC:10:DE…) — retrying in 31 s',
    );
  });

  it('then says only when it retries, in English and Korean', () => {
    const shown = untrusted(PRINT);
    expect(connectionText(connection, NOW, en, clock, shown)).toBe(en.footer.retrying(31));
    expect(connectionText(connection, NOW, ko, clock, shown)).toBe(ko.footer.retrying(31));
    expect(connectionText(connection, NOW, en, clock, shown)).not.toContain('certificate');
  });

  it('still names a certificate the Refresh error did not', () => {
    expect(connectionText(connection, NOW, en, clock, untrusted(OTHER))).toContain(
      'SHA-256 4A:D9:EC:10:DE…',
    );
    expect(
      connectionText(connection, NOW, en, clock, { reason: 'host-not-found', host: 'x.test' }),
    ).toContain('certificate');
  });

  it('matches the certificate by its fingerprint, and only for an untrusted certificate', () => {
    expect(certificateAlreadyShown(untrusted(PRINT), untrusted(PRINT))).toBe(true);
    expect(certificateAlreadyShown(untrusted(PRINT), untrusted(OTHER))).toBe(false);
    expect(certificateAlreadyShown(untrusted(PRINT), { reason: 'tls-untrusted' })).toBe(false);
    expect(certificateAlreadyShown(untrusted(PRINT), undefined)).toBe(false);
    expect(certificateAlreadyShown(undefined, untrusted(PRINT))).toBe(false);
    // A certificate the core could not read is still the same sentence twice.
    expect(certificateAlreadyShown({ reason: 'tls-untrusted' }, { reason: 'tls-untrusted' })).toBe(
      true,
    );
  });
});
