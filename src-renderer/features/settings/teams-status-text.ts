/**
 * What Settings › Connection to Exchange says about Beacon's status in Teams, from the Snapshot's
 * `teams`: that Teams shows it, or why Teams does not take it and when Beacon tries again.
 * Nothing while it is off or starting (the switch and its hint say enough). Presentation only.
 */
import type { TeamsStatus } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/messages.js';

export interface TeamsLine {
  text: string;
  failing: boolean;
}

export function teamsStatusLine(
  teams: TeamsStatus | undefined,
  t: Pick<Messages, 'protocol'>,
  formatClock: (iso: string) => string,
): TeamsLine | undefined {
  const p = t.protocol;
  if (teams?.publishing === 'on') return { text: p.teamsOn, failing: false };
  if (teams?.publishing !== 'failing') return undefined;
  let why: string;
  switch (teams.reason) {
    case 'not-allowed':
      why = p.teamsNotAllowed;
      break;
    case 'sign-in':
      why = p.teamsSignIn;
      break;
    case 'busy':
      why = p.teamsBusy;
      break;
    case 'unreachable':
      why = p.teamsUnreachable;
      break;
    default:
      why = p.teamsError;
  }
  const retry =
    teams.retryAt === undefined ? p.teamsRetry : p.teamsRetryAt(formatClock(teams.retryAt));
  return { text: `${why} ${retry}`, failing: true };
}
