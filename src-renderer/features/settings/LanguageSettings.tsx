/**
 * The window's language: the system's, English or Korean. Choosing sends the setting at once; the
 * window switches when the core's Snapshot carries it back, so every window agrees.
 */
import { useId } from 'react';
import { LANGUAGE_CHOICES } from '../../store/locale.js';
import { useApp, useMessages } from '../../store/context.js';
import { commandFailureSentence } from './sign-in-text.js';

const SYSTEM = 'system';

export function LanguageSettings({ locale }: { locale: string | undefined }): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions.language);
  const headingId = useId();
  const selectId = useId();
  const known = LANGUAGE_CHOICES.find((c) => c.tag === locale?.toLowerCase().split('-')[0]);
  const error = commandFailureSentence(action, t);
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t.settings.languageTitle}</h3>
      <div className="field">
        <label htmlFor={selectId} className="sr-only">
          {t.settings.languageTitle}
        </label>
        <select
          id={selectId}
          value={locale === undefined ? SYSTEM : (known?.tag ?? SYSTEM)}
          disabled={action.pending}
          onChange={(event) => {
            const value = event.target.value;
            void run('language', {
              type: 'update-settings',
              settings: { locale: value === SYSTEM ? null : value },
            });
          }}
        >
          <option value={SYSTEM}>{t.settings.languageSystem}</option>
          {LANGUAGE_CHOICES.map((choice) => (
            // Each language in its own words, so someone lost in the other one finds theirs.
            <option key={choice.tag} value={choice.tag} lang={choice.tag}>
              {choice.name}
            </option>
          ))}
        </select>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
