/**
 * Which join links Beacon opens: https with a host and no credentials in it. One rule for the
 * command that opens a link and for the reminder that offers Join, so a Join button never leads
 * to a refusal.
 */
export function isOpenableJoinUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname !== '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}
