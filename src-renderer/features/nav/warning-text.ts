/**
 * A Snapshot warning as a sentence in the window's language. The core sends only the kind and
 * the values a sentence needs, so the wording lives in the catalogues like every other string.
 */
import type { Warning } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/messages.js';

export function warningText(warning: Warning, t: Messages): string {
  switch (warning.kind) {
    case 'settings-unreadable':
      return t.warnings.settingsUnreadable(warning.code);
    case 'settings-damaged':
      return t.warnings.settingsDamaged(warning.keptAs);
    case 'secrets-removed':
      return t.warnings.secretsRemoved;
  }
}

/** One key per distinct warning: the same warning sent again is the same line (and stays dismissed). */
export function warningKey(warning: Warning): string {
  return JSON.stringify(Object.entries(warning).sort(([a], [b]) => a.localeCompare(b)));
}
