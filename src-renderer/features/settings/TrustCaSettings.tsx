/**
 * Settings → "Trusted certificate authority": a PEM file chosen with a file input is read here
 * and sent as `trust-ca`; the core checks it and shows what it trusts (subject, fingerprint, end
 * date) with Remove. Why a file was refused is said in words, by the core's reason.
 */
import { useId, useState } from 'react';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { useApp, useMessages } from '../../store/context.js';
import { Breakable } from '../header/Breakable.js';
import { caRefusalSentence, MAX_CA_FILE_BYTES } from './trust-ca-text.js';

/** The section's id: the sign-in form's "Trust this certificate authority…" leads here. */
export const TRUST_CA_SECTION_ID = 'trust-ca-section';
export const TRUST_CA_INPUT_ID = 'trust-ca-file';

export function TrustCaSettings({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const t = useMessages();
  const a = t.account;
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions['trust-ca']);
  const headingId = useId();
  const errorId = useId();
  const [tooLarge, setTooLarge] = useState(false);
  const ca = snapshot.trustedCa;
  const refusal = tooLarge ? a.trustTooLarge : caRefusalSentence(action, t);

  const choose = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return;
    if (file.size > MAX_CA_FILE_BYTES) {
      setTooLarge(true);
      return;
    }
    setTooLarge(false);
    await run('trust-ca', { type: 'trust-ca', pem: await file.text() });
  };

  return (
    <section
      className="settings-section"
      id={TRUST_CA_SECTION_ID}
      aria-labelledby={headingId}
      data-testid="trust-ca"
    >
      <h3 id={headingId}>{a.trustTitle}</h3>
      <p className="muted">{a.trustExplained}</p>
      {ca === null ? (
        <p className="muted" data-testid="trusted-ca-none">
          {a.trustNone}
        </p>
      ) : (
        <div data-testid="trusted-ca">
          <p className="address">
            <Breakable text={a.trustSubject(ca.subject)} />
          </p>
          <p className="hint fingerprint">
            <Breakable text={a.trustFingerprint(ca.fingerprint256)} />
          </p>
          {ca.notAfter !== undefined && (
            <p className="hint">
              {a.trustUntil(
                new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium' }).format(
                  new Date(ca.notAfter),
                ),
              )}
            </p>
          )}
          <div className="panel-actions">
            <button
              type="button"
              className="button"
              disabled={action.pending}
              onClick={() => {
                void run('trust-ca', { type: 'trust-ca', pem: null });
              }}
            >
              {a.trustRemove}
            </button>
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor={TRUST_CA_INPUT_ID}>{a.trustFileLabel}</label>
        <input
          id={TRUST_CA_INPUT_ID}
          type="file"
          accept=".pem,.crt,.cer,application/x-pem-file"
          aria-describedby={refusal === undefined ? undefined : errorId}
          disabled={action.pending}
          onChange={(event) => {
            const input = event.target;
            void choose(input.files?.[0]).finally(() => {
              // The same file chosen again (after fixing the clock, say) is read again.
              input.value = '';
            });
          }}
        />
      </div>
      {action.pending && (
        <p className="hint" role="status">
          {a.trustChecking}
        </p>
      )}
      {refusal !== undefined && (
        <p id={errorId} className="error" role="alert" data-testid="trust-ca-error">
          {refusal}
        </p>
      )}
    </section>
  );
}
