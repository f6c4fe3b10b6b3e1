/**
 * The catalogue's section for the mailbox protocol in Settings (automatic, EWS or Microsoft
 * Graph, with why it matters) and Beacon's presence in Teams: part of `Messages`.
 */
export interface ProtocolMessages {
  title: string;
  /** The select's label. */
  label: string;
  automatic: string;
  ews: string;
  graph: string;
  /** Why: Exchange Online's EWS dates. */
  explanation: string;
  /** The protocol in use now, by name. */
  inUse: (protocol: string) => string;
  /** The names of the protocols as the user sees them. */
  ewsName: string;
  graphName: string;
  publishToTeams: string;
  /** Only Microsoft 365 accounts (Graph) can publish to Teams. */
  teamsHint: string;
  saved: string;
  /** Graph chosen for an account that signs in with a password: what holds, and what to do. */
  needsOAuth: string;
  signInWithMicrosoft: string;
  useAutomatic: string;
  /** Beacon's status in Teams (Snapshot.teams): shown, or why Teams does not take it. */
  teamsOn: string;
  teamsNotAllowed: string;
  teamsSignIn: string;
  teamsBusy: string;
  teamsUnreachable: string;
  teamsError: string;
  /** Added to a Teams failure: when Beacon tries again (a time of day), or that it will. */
  teamsRetryAt: (time: string) => string;
  teamsRetry: string;
}
