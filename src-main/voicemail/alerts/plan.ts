/**
 * Which new voicemails to announce, from Snapshots alone. The first Snapshot of a session with a
 * voicemail list Exchange just gave (online, `voicemailListedAt` as recent as the refresh) is the
 * baseline: what it lists was there before (at start, or after a sign-in) and is never announced,
 * however many voicemail reads failed before it. Afterwards each unread voicemail that appears is
 * announced once. Pure.
 */
import type { Snapshot } from '../../core/contract.js';
import type { VoicemailNotice } from '../../core/reminders/notice.js';

export interface VoicemailAlertMemory {
  /** `mode:mailbox` of the account the memory is for; a new account starts over. */
  account: string | undefined;
  /** The baseline was taken for this account. */
  baselined: boolean;
  /** Ids seen (announced or part of the baseline). */
  known: ReadonlySet<string>;
}

export const EMPTY_VOICEMAIL_MEMORY: VoicemailAlertMemory = {
  account: undefined,
  baselined: false,
  known: new Set(),
};

export interface VoicemailAlertPlan {
  due: VoicemailNotice[];
  memory: VoicemailAlertMemory;
}

function accountOf(snapshot: Snapshot): string | undefined {
  const { account } = snapshot;
  if (account.mode === 'signed-out') return undefined;
  return `${account.mode}:${account.mailbox.toLowerCase()}`;
}

export function noticeFor(item: Snapshot['voicemail'][number]): VoicemailNotice {
  const notice: VoicemailNotice = {
    kind: 'voicemail',
    id: `voicemail:${item.id}`,
    itemId: item.id,
  };
  if (item.callerName !== undefined) notice.callerName = item.callerName;
  if (item.callerNumber !== undefined) notice.callerNumber = item.callerNumber;
  if (item.durationSeconds !== undefined) notice.durationSeconds = item.durationSeconds;
  notice.playable = item.kind === 'voicemail';
  return notice;
}

/** Online, and the latest refresh's voicemail read succeeded. */
export function listedJustNow(snapshot: Snapshot): boolean {
  const { connection, voicemailListedAt } = snapshot;
  if (connection.state !== 'online' || voicemailListedAt === undefined) return false;
  if (connection.lastSuccessAt === undefined) return true;
  return Date.parse(voicemailListedAt) >= Date.parse(connection.lastSuccessAt);
}

export function planVoicemailAlerts(
  snapshot: Snapshot,
  memory: VoicemailAlertMemory,
): VoicemailAlertPlan {
  const account = accountOf(snapshot);
  let current = memory;
  if (account !== memory.account) current = { account, baselined: false, known: new Set<string>() };
  if (account === undefined) return { due: [], memory: current };
  const ids = snapshot.voicemail.map((v) => v.id);
  if (!current.baselined) {
    // Only a list Exchange just gave counts as the baseline: not a cached one (it may be old),
    // nor the list of a refresh whose voicemail read failed (it may be empty).
    if (!listedJustNow(snapshot)) return { due: [], memory: current };
    return { due: [], memory: { account, baselined: true, known: new Set(ids) } };
  }
  const fresh = snapshot.voicemail.filter(
    (v) =>
      !current.known.has(v.id) &&
      !v.isRead &&
      v.kind !== 'missed-call' &&
      v.deletingUntil === undefined,
  );
  const unseen = ids.filter((id) => !current.known.has(id));
  if (unseen.length === 0) return { due: [], memory: current };
  return {
    due: fresh.map(noticeFor),
    memory: { account, baselined: true, known: new Set([...current.known, ...unseen]) },
  };
}

/** Unread voicemails (not being deleted), for the tray's "· 2 new voicemails". */
export function unreadVoicemailCount(snapshot: Snapshot): number {
  return snapshot.voicemail.filter(
    (v) => !v.isRead && v.kind !== 'missed-call' && v.deletingUntil === undefined,
  ).length;
}
