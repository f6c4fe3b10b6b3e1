/** What the header can honestly claim about the account (the demo counts as signed in). */
import type { Account } from '../../../src-main/core/contract.js';

export type HeaderState = 'signed-in' | 'signing-in' | 'failed' | 'signed-out';

export function headerState(account: Pick<Account, 'mode' | 'signIn'>): HeaderState {
  if (account.mode === 'signed-out') return 'signed-out';
  if (account.mode === 'demo') return 'signed-in';
  return account.signIn === 'signed-out' ? 'signed-out' : account.signIn;
}
