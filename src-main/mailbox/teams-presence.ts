/**
 * Reading contacts' presence from the mailbox's presence service (Teams over Graph), for
 * backends that can. Availability and activity are the service's own words (PascalCase, new
 * values kept as sent); the contacts side turns them into Beacon's.
 */

export interface TeamsPresenceState {
  availability: string;
  activity: string;
}

export interface TeamsPresenceReader {
  /**
   * The presence of every address the directory knows, keyed by the lower-cased address; an
   * address it does not know is left out. Rejects with a `MailboxError` when the service or the
   * network failed (the caller keeps what it had).
   */
  read(
    addresses: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, TeamsPresenceState>>;
}
