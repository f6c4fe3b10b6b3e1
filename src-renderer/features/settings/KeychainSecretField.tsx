/**
 * A secret kept in the keychain (a broker password, a webhook's {{secret}}): typed once, saved or
 * removed through a command, never shown again. The field is cleared once the core has it.
 */
import { useId, useState } from 'react';

export interface KeychainSecretTexts {
  label: string;
  /** Whether one is stored, or why it cannot be yet ("save the address first"). */
  state: string;
  hint: string;
  save: string;
  remove: string;
  failed: string;
}

export function KeychainSecretField({
  texts,
  canSave,
  stored,
  pending,
  failed,
  keep,
}: {
  texts: KeychainSecretTexts;
  /** False until what the secret belongs to is saved. */
  canSave: boolean;
  stored: boolean;
  pending: boolean;
  failed: boolean;
  /** Saves (or with null removes) the secret; resolves true when the core kept it. */
  keep: (value: string | null) => Promise<boolean>;
}): React.JSX.Element {
  const [secret, setSecret] = useState('');
  const inputId = useId();
  const hintId = useId();
  const save = (value: string | null): void => {
    void keep(value).then((ok) => {
      if (ok) setSecret('');
    });
  };
  return (
    <div className="field">
      <label htmlFor={inputId}>{texts.label}</label>
      <input
        id={inputId}
        type="password"
        autoComplete="off"
        disabled={!canSave}
        aria-describedby={hintId}
        value={secret}
        onChange={(event) => {
          setSecret(event.target.value);
        }}
      />
      <span id={hintId} className="hint">
        {texts.state} {texts.hint}
      </span>
      <div className="panel-actions">
        <button
          type="button"
          className="button"
          disabled={!canSave || secret === '' || pending}
          onClick={() => {
            save(secret);
          }}
        >
          {texts.save}
        </button>
        {stored && (
          <button
            type="button"
            className="button"
            disabled={pending}
            onClick={() => {
              save(null);
            }}
          >
            {texts.remove}
          </button>
        )}
      </div>
      {failed && (
        <p className="error" role="alert">
          {texts.failed}
        </p>
      )}
    </div>
  );
}
