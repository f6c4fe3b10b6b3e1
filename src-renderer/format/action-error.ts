/**
 * A failed command in the window's own words: why Exchange or the keychain failed when the core
 * knows (the sign-in sentences), else a sentence for the error's code. Never the core's
 * `message`, which is English for logs and the CLI.
 */
import { failureSentence, type FailureAudience } from '../features/settings/sign-in-text.js';
import type { ActionState } from '../store/app-store.js';
import type { Messages } from '../i18n/messages.js';

export function actionErrorText(
  action: Pick<ActionState, 'code' | 'failure'>,
  t: Messages,
  /** Whose account failed (failureAudience of the Snapshot's account): the demo has no password. */
  audience: FailureAudience = 'password',
): string {
  if (action.failure !== undefined) return failureSentence(action.failure, t, audience);
  return t.actionError[action.code ?? 'internal'];
}
