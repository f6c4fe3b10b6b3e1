/**
 * DNS SRV lookup for `_autodiscover._tcp.<domain>`: the name, the ordering of the records, and
 * the default resolver. The resolver is injected so tests (and callers with their own DNS) can
 * supply the records.
 */
import { resolveSrv } from 'node:dns/promises';

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export type SrvResolver = (name: string) => Promise<SrvRecord[]>;

export const defaultSrvResolver: SrvResolver = (name) => resolveSrv(name);

export function srvName(domain: string): string {
  return `_autodiscover._tcp.${domain}`;
}

/**
 * Records in the order to try them: lowest priority first, then highest weight (a deterministic
 * reading of RFC 2782's weighted choice; Autodiscover tries every record anyway). Records with
 * no target (".") or no port mean "no service" and are dropped.
 */
export function orderSrvRecords(records: readonly SrvRecord[]): SrvRecord[] {
  return records
    .filter((r) => r.name !== '' && r.name !== '.' && r.port > 0 && r.port < 65536)
    .toSorted((a, b) => a.priority - b.priority || b.weight - a.weight);
}
