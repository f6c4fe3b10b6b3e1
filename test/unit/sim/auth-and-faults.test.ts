import { describe, expect, it } from 'vitest';
import { authenticate, isLoopbackAddress } from '../../../src-main/sim/auth.js';
import { FaultInjector } from '../../../src-main/sim/faults.js';
import { decodeId, encodeId } from '../../../src-main/sim/model.js';

const creds = [{ email: 'alex@beacon.test', password: 'pw:with:colons', token: 'tok-1' }];
const basic = (s: string): string => `Basic ${Buffer.from(s).toString('base64')}`;

describe('authenticate', () => {
  it('accepts Basic with the right password (address case-insensitive) and Bearer with the token', () => {
    expect(authenticate(basic('Alex@Beacon.test:pw:with:colons'), creds)?.email).toBe(
      'alex@beacon.test',
    );
    expect(authenticate('Bearer tok-1', creds)?.email).toBe('alex@beacon.test');
  });

  it('refuses wrong passwords, unknown tokens, other schemes and no header', () => {
    expect(authenticate(basic('alex@beacon.test:nope'), creds)).toBeUndefined();
    expect(authenticate('Bearer tok-2', creds)).toBeUndefined();
    expect(authenticate('NTLM TlRMTVNTUAABAAAA', creds)).toBeUndefined();
    expect(authenticate(undefined, creds)).toBeUndefined();
  });
});

describe('isLoopbackAddress', () => {
  it('knows loopback addresses in all their spellings', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', undefined].map(isLoopbackAddress)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('FaultInjector', () => {
  it('serves a fault to N matching requests, by operation or for any', () => {
    const faults = new FaultInjector();
    faults.add({ operation: 'FindItem', kind: 'server-busy', count: 2, backOffMs: 10 });
    faults.add({ operation: '*', kind: 'reset', count: 1 });
    expect(faults.take('GetItem')?.kind).toBe('reset');
    expect(faults.take('GetItem')).toBeUndefined();
    expect(faults.take('finditem')?.backOffMs).toBe(10);
    expect(faults.take('FindItem')?.kind).toBe('server-busy');
    expect(faults.take('FindItem')).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });
});

describe('ids', () => {
  it('round-trip and reject foreign ids', () => {
    const id = encodeId({ kind: 'item', n: 42 });
    expect(decodeId(id)).toEqual({ kind: 'item', n: 42 });
    expect(decodeId(encodeId({ kind: 'occurrence', masterId: id, index: 7 }))).toEqual({
      kind: 'occurrence',
      masterId: id,
      index: 7,
    });
    expect(decodeId('AAMkADk0N2Y')).toBeUndefined();
    expect(decodeId('not base64!')).toBeUndefined();
  });
});
