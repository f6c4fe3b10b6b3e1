/**
 * Deleting a voicemail over Graph: a move to Deleted Items (where the user can still get it back).
 * A move is not idempotent: the moved message gets a new id and the old one answers 404 from then
 * on. So when the move's answer is lost and the move is sent again, or the user deletes the same
 * voicemail twice, Graph says 404 although the delete was done.
 *
 * How a 404 that means "done" is told apart from a 404 for an id that never existed: the backend
 * remembers the ids this session has moved, or sent a move for whose answer it never read
 * (`OwnMoves`, in memory, the last 500). A 404 on a move of such an id is the session's own move
 * having taken it: the voicemail is no longer in the inbox, and the delete is done. A 404 for any
 * other id stays the error it is. The transport does not resend a move blindly (the operation
 * marks it `retry: 'never'`); after a lost answer (the connection dropped, the deadline) the move
 * is sent once more here, where its 404 can be read for what it is.
 *
 * Limits: the memory is the session's (a new account or a restart starts empty, and the list read
 * then no longer shows the voicemail); an id someone else moved or deleted between our lost
 * answer and our resend also counts as done, which is true for the inbox.
 */
import { GraphError } from '../../graph/errors.js';
import { isNotFound } from '../../graph/operations/common.js';
import { moveToDeletedItems } from '../../graph/operations/voicemail.js';
import type { GraphRequester } from '../../graph/requester.js';

/** The ids this session moved to Deleted Items, or may have (the answer was lost); bounded. */
export class OwnMoves {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 500) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    for (const oldest of this.ids) {
      if (this.ids.size <= this.limit) break;
      this.ids.delete(oldest);
    }
  }
}

/**
 * No answer was read, so the move may have been carried out: the connection dropped or the
 * deadline passed after sending, or the caller cancelled. (A failure before sending is resent by
 * the transport itself; one that outlasts its attempts is counted here too, harmlessly.)
 */
export function moveOutcomeUnknown(error: unknown): error is GraphError {
  return (
    error instanceof GraphError &&
    error.status === undefined &&
    (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'aborted')
  );
}

/** Moves the voicemail to Deleted Items; resolves when it is no longer in the inbox. */
export async function deleteVoicemailByMove(
  graph: GraphRequester,
  id: string,
  moves: OwnMoves,
): Promise<void> {
  let failure: unknown;
  try {
    await moveToDeletedItems(graph, id);
    moves.add(id);
    return;
  } catch (error) {
    failure = error;
  }
  if (isNotFound(failure)) {
    if (moves.has(id)) return; // this session's own earlier move took it
    throw failure;
  }
  if (!moveOutcomeUnknown(failure)) throw failure;
  moves.add(id);
  // Cancelled: the caller gave up; a later delete's 404 will read as this move's.
  if (failure.kind === 'aborted') throw failure;
  // The answer was lost: sent once more. A 404 now is the first move having been carried out.
  try {
    await moveToDeletedItems(graph, id);
  } catch (error) {
    if (isNotFound(error)) return;
    throw error;
  }
}
