/**
 * The `discover-account` and `trust-ca` commands: email-first discovery with its steps in
 * Snapshot.signInProgress, and the private CA the user trusts for Exchange, XMPP and SMTP.
 * The companion injects the store, the settings writer and what to do when the CA changes.
 */
import { TransportError } from '../../ews/errors.js';
import {
  COMMAND_OK,
  commandFailure,
  SettingsSchema,
  type CommandOf,
  type CommandResult,
  type Settings,
} from '../contract.js';
import type { SnapshotStore } from '../store.js';
import { domainOfMailbox, runDiscovery, type DiscoveryOptions } from './discover-account.js';
import { CA_REFUSAL_TEXT, checkTrustedCa, combinedCa, trustedCaOf } from './trusted-ca.js';

export interface AccountSetupDeps {
  store: SnapshotStore;
  now: () => Date;
  /** The shell's own extra CA (CompanionDeps.extraCa), trusted with the user's. */
  shellCa: string | undefined;
  /** Writes the settings file and publishes them. */
  saveSettings: (settings: Settings) => Promise<void>;
  /** The trusted CA changed: connections made with the old list are dropped. */
  caChanged: () => Promise<void>;
  discovery?: DiscoveryOptions;
}

export interface AccountSetup {
  'discover-account': (command: CommandOf<'discover-account'>) => Promise<CommandResult>;
  'trust-ca': (command: CommandOf<'trust-ca'>) => Promise<CommandResult>;
  /** Stops a discovery under way and clears its steps; false when none was shown. */
  cancelDiscovery(): boolean;
  /** The CA list for TLS now: the shell's and the user's (when it still parses). */
  extraCa(): string | undefined;
}

export function createAccountSetup(deps: AccountSetupDeps): AccountSetup {
  const { store } = deps;
  let running: AbortController | undefined;

  const userCa = (): string | undefined => {
    const pem = store.getSnapshot().settings.trustedCaPem;
    return trustedCaOf(pem) === null ? undefined : pem;
  };
  const extraCa = (): string | undefined => combinedCa(deps.shellCa, userCa());

  // The stored CA as the window shows it, from the first Snapshot on.
  store.update({ trustedCa: trustedCaOf(store.getSnapshot().settings.trustedCaPem) });

  const discover = async (command: CommandOf<'discover-account'>): Promise<CommandResult> => {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const mailbox = command.mailbox;
    store.update({
      signInProgress: { step: 'discovering', mailbox, domain: domainOfMailbox(mailbox) },
    });
    try {
      const report = await runDiscovery(mailbox, {
        ...deps.discovery,
        extraCa: extraCa(),
        signal: controller.signal,
      });
      if (controller.signal.aborted) return cancelled();
      store.update({ signInProgress: report.discovered });
      if (report.untrusted === undefined) return COMMAND_OK;
      // The form shows the server field and says whose certificate stopped discovery.
      const result = commandFailure('server-error', 'The server certificate is not trusted');
      result.error.failure = report.untrusted;
      return result;
    } catch (error) {
      if (
        controller.signal.aborted ||
        (error instanceof TransportError && error.failure === 'aborted')
      )
        return cancelled();
      // A bug, not the network: the form falls back to the manual server field.
      store.update({
        signInProgress: {
          step: 'discovered',
          mailbox,
          method: 'password',
          online: false,
          failed: true,
        },
      });
      throw error;
    } finally {
      if (running === controller) running = undefined;
    }
  };

  const trust = async (command: CommandOf<'trust-ca'>): Promise<CommandResult> => {
    const current = store.getSnapshot().settings;
    let next: Settings;
    if (command.pem === null) {
      next = { ...current };
      delete next.trustedCaPem;
    } else {
      const check = checkTrustedCa(command.pem, deps.now());
      if (!check.ok)
        return commandFailure('invalid-command', CA_REFUSAL_TEXT[check.reason], [
          { path: 'pem', message: check.reason },
        ]);
      next = { ...current, trustedCaPem: check.pem };
    }
    const parsed = SettingsSchema.safeParse(next);
    if (!parsed.success) return commandFailure('invalid-command', 'Invalid settings');
    if (parsed.data.trustedCaPem === current.trustedCaPem) {
      store.update({ trustedCa: trustedCaOf(parsed.data.trustedCaPem) });
      return COMMAND_OK;
    }
    await deps.saveSettings(parsed.data);
    store.update({ trustedCa: trustedCaOf(parsed.data.trustedCaPem) });
    await deps.caChanged();
    return COMMAND_OK;
  };

  const cancelled = (): CommandResult => commandFailure('not-allowed', 'The sign-in was cancelled');

  return {
    'discover-account': discover,
    'trust-ca': trust,
    cancelDiscovery: () => {
      const shown = store.getSnapshot().signInProgress;
      running?.abort();
      running = undefined;
      if (shown === null || (shown.step !== 'discovering' && shown.step !== 'discovered'))
        return false;
      store.update({ signInProgress: null });
      return true;
    },
    extraCa,
  };
}
