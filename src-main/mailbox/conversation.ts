/** An IM conversation saved to the mailbox's Conversation History. */

export interface ConversationParticipant {
  email: string;
  name?: string;
}

export interface ConversationEntry {
  subject: string;
  /** The transcript as HTML (the backend escapes it for its wire format). */
  html: string;
  to: readonly ConversationParticipant[];
  from?: ConversationParticipant;
}
