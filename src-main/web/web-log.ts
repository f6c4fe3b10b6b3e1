/**
 * What the web shell writes to its log: each command's type and outcome, and each change of the
 * connection's state. Never a command's fields (a sign-in carries a password) and never a URL's
 * query (the page's first address carries the token).
 */
import type { Api } from '../core/contract.js';
import type { Log } from '../core/log-file.js';

/** `api` with every command's type and outcome logged. */
export function loggedApi(api: Api, log: Log): Api {
  const logged: Api = {
    getSnapshot: () => api.getSnapshot(),
    subscribe: (listener) => api.subscribe(listener),
    execute: async (command) => {
      // The type only: a string the contract knows, nothing the user typed.
      const type = typeof command.type === 'string' ? command.type.slice(0, 40) : '?';
      const result = await api.execute(command);
      log(
        result.ok
          ? `command ${type}: ok`
          : `command ${type} failed (${result.error.code}${
              result.error.failure === undefined ? '' : `, ${result.error.failure.reason}`
            }): ${result.error.message}`,
      );
      return result;
    },
  };
  if (api.setViewer !== undefined) {
    const setViewer = api.setViewer.bind(api);
    logged.setViewer = (viewer) => {
      setViewer(viewer);
    };
  }
  return logged;
}

/** Logs each change of the connection's state with its reason; returns the unsubscribe. */
export function logConnection(api: Api, log: Log): () => void {
  let last = api.getSnapshot().connection.state;
  return api.subscribe((snapshot) => {
    const { state, error, failure } = snapshot.connection;
    if (state === last) return;
    const why = error === undefined ? '' : ` (${failure?.reason ?? error.kind}: ${error.message})`;
    log(`connection: ${last} → ${state}${why}`);
    last = state;
  });
}
