/**
 * Where Tab goes inside an open panel so focus never leaves it: from the last element to the
 * first (Shift+Tab: first to last), and into the panel if focus was somewhere else. Undefined
 * means "let the browser move it" (a step between two elements of the panel).
 */
export function focusTrapTarget<T>(
  focusable: readonly T[],
  active: unknown,
  backwards: boolean,
): T | undefined {
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const index = focusable.indexOf(active as T);
  if (index === -1) return backwards ? last : first;
  if (backwards && index === 0) return last;
  if (!backwards && index === focusable.length - 1) return first;
  return undefined;
}
