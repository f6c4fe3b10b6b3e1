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
}
