/**
 * Commands whose services are being wired in (email-first discovery, OAuth, a trusted private
 * CA). Until a service handles them, each is refused as not allowed, with a plain reason, never
 * silently accepted. Services replace their entries in companion.ts.
 */
import { commandFailure, type CommandHandlers, type CommandResult } from '../contract.js';

export const SIGN_IN_COMMANDS = [
  'discover-account',
  'sign-in-oauth',
  'cancel-sign-in',
  'trust-ca',
] as const;

export type SignInHandlers = Pick<CommandHandlers, (typeof SIGN_IN_COMMANDS)[number]>;

export function refusedSignInHandlers(): SignInHandlers {
  const fail = (): Promise<CommandResult> =>
    Promise.resolve(commandFailure('not-allowed', 'This way of signing in is not available'));
  return Object.fromEntries(
    SIGN_IN_COMMANDS.map((type) => [type, fail]),
  ) as unknown as SignInHandlers;
}
