/**
 * The reads of one refresh, run together under one AbortSignal. The first read that fails in a
 * way that `endsAttempt` accepts fails the whole refresh at once and cancels the others, so a
 * part waiting behind it for a free connection is never sent: a server that never answers costs
 * the user one deadline, not one per part in turn. A failure that does not end the attempt (a
 * request that only saw the pause another one caused) waits for the rest, whose cause says more.
 */

/** One read; it must pass the signal on to its requests. */
export type Read<T> = (signal: AbortSignal) => Promise<T>;

export async function readTogether<T extends readonly unknown[]>(
  reads: { readonly [K in keyof T]: Read<T[K]> },
  endsAttempt: (error: unknown) => boolean,
): Promise<T> {
  const controller = new AbortController();
  const outcomes = reads.map((read: Read<unknown>) =>
    Promise.resolve()
      .then(() => read(controller.signal))
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => {
          if (endsAttempt(error)) {
            // The others are cancelled; their own failures (aborts) say nothing more.
            controller.abort(error);
            throw new FirstFailure(error);
          }
          return { ok: false as const, error };
        },
      ),
  );
  let settled;
  try {
    settled = await Promise.all(outcomes);
  } catch (caught) {
    // Promise.all rejects with the first FirstFailure: the one that ended the attempt.
    throw caught instanceof FirstFailure ? caught.error : caught;
  }
  const values: unknown[] = [];
  for (const outcome of settled) {
    // Only failures that wait for the rest are left: the first, in the order of the reads.
    if (!outcome.ok) throw outcome.error;
    values.push(outcome.value);
  }
  return values as unknown as T;
}

/** Carries the failure that ended the attempt through Promise.all, told apart from the rest. */
class FirstFailure extends Error {
  constructor(readonly error: unknown) {
    super('The read that ended the attempt');
  }
}
