/**
 * Words for the trusted-CA section and the sign-in steps, from the core's typed answers only
 * (never its English message). Pure.
 */
import type { SignInProgress } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/messages.js';
import type { CaRefusalMessages } from '../../i18n/account-messages.js';
import type { ActionState } from '../../store/app-store.js';

/** The contract's limit on a PEM (64 KiB): a larger file is refused before it is read. */
export const MAX_CA_FILE_BYTES = 64 * 1024;

function isRefusal(value: string, t: Messages): value is keyof CaRefusalMessages {
  return Object.hasOwn(t.account.trustRefused, value);
}

/** Why the core refused the chosen file; undefined when it did not. */
export function caRefusalSentence(action: ActionState, t: Messages): string | undefined {
  if (action.error === undefined) return undefined;
  const reason = action.issues?.find((issue) => issue.path === 'pem')?.message ?? '';
  if (isRefusal(reason, t)) return t.account.trustRefused[reason];
  if (action.code === 'invalid-command') return t.account.trustRefused['not-a-certificate'];
  return t.actionError[action.code ?? 'internal'];
}

/** The host of a URL for a sentence ("mail.contoso.com"); the text itself when it is no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What the form says at a discovery step (undefined where the step shows no sentence). */
export function discoveredSentence(
  progress: Extract<SignInProgress, { step: 'discovered' }>,
  t: Messages,
): string {
  const a = t.account;
  const domain = progress.mailbox.slice(progress.mailbox.lastIndexOf('@') + 1);
  if (progress.failed) return a.notFound(domain);
  if (progress.method === 'oauth') return a.online;
  return progress.ewsUrl === undefined ? a.needsPassword : a.foundServer(hostOf(progress.ewsUrl));
}
