/** Action parameters by name without case: the CSDL says 'Schedules', the docs send 'schedules'. */
export function parameter(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}
