/**
 * A typed client for the simulator's admin API (ADMIN-API.md), for tests that drive the EWS
 * library against a running simulator: reset, faults, the request log and mailbox state.
 * Every call checks the HTTP status, so a wrong admin call fails the test where it is made.
 */
import { Agent, fetch as undiciFetch, type RequestInit } from 'undici';
import type {
  FaultKind,
  GraphViolationEntry,
  RequestLogEntry,
  RunningSimulator,
} from '../../src-main/sim/index.js';

export interface AdminOof {
  state: 'Disabled' | 'Enabled' | 'Scheduled';
  externalAudience: 'None' | 'Known' | 'All';
  start: string | null;
  end: string | null;
  internalReply: string;
  externalReply: string;
}

export interface AdminCalendarEntry {
  id: string;
  changeKey: string;
  seriesId?: string | null;
  kind?: 'Single' | 'Occurrence' | 'Exception';
  subject: string;
  start: string;
  end: string;
  location: string;
  isAllDay: boolean;
  freeBusy: string;
  sensitivity: string;
  isMeeting: boolean;
  isCancelled: boolean;
  isRecurring: boolean;
  organizer: { name: string; email: string };
  myResponseType: string;
  joinOnlineMeetingUrl: string | null;
}

export interface AdminMessage {
  id: string;
  changeKey: string;
  folder: string;
  itemClass: string;
  subject: string;
  body: string;
  bodyType: string;
  from: { name: string; email: string } | null;
  to: { name: string; email: string }[];
  received: string;
  isRead: boolean;
  /** A draft (what Graph makes of a message created in a folder without its flags). */
  isDraft: boolean;
  attachments: { id: string; name: string; contentType: string; size: number }[];
}

export interface AdminDirectoryEntry {
  email: string;
  displayName: string;
  voicemailEnabled: boolean;
  freeBusyShared: boolean;
  oofState: string;
}

export interface FaultRequest {
  operation?: string;
  kind: FaultKind;
  count?: number;
  backOffMs?: number;
  status?: 429 | 500 | 502 | 503 | 504;
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Which face the fault is for (default 'ews'); for Graph, `operation` is a path part. */
  face?: 'ews' | 'graph';
  /** Only requests signed in as this mailbox. */
  mailbox?: string;
}

export class SimAdmin {
  /** In HTTPS mode: a connection pool that trusts the simulator's self-signed certificate. */
  private readonly dispatcher: Agent | undefined;

  constructor(private readonly sim: RunningSimulator) {
    this.dispatcher =
      sim.caPem === undefined ? undefined : new Agent({ connect: { ca: sim.caPem } });
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  private async call<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const init: RequestInit = { method, headers: { 'Content-Type': 'application/json' } };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (this.dispatcher) init.dispatcher = this.dispatcher;
    const response = await undiciFetch(`${this.sim.adminUrl}${path}`, init);
    const text = await response.text();
    if (response.status !== expected)
      throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  private mailbox(email: string, rest: string): string {
    return `/mailboxes/${encodeURIComponent(email)}/${rest}`;
  }

  reset(seed: 'demo' | 'empty' = 'demo'): Promise<{ seed: string; mailboxes: number }> {
    return this.call('POST', '/reset', { seed });
  }

  /** A user's own Teams client state (what Teams shows them as, besides app sessions). */
  setTeamsPresence(
    email: string,
    presence: { availability: string; activity: string },
  ): Promise<unknown> {
    return this.call('PUT', this.mailbox(email, 'presence'), presence);
  }

  requests(): Promise<RequestLogEntry[]> {
    return this.call('GET', '/requests');
  }

  /** The log entries of one EWS operation, oldest first. */
  async requestsFor(operation: string): Promise<RequestLogEntry[]> {
    return (await this.requests()).filter((r) => r.operation === operation);
  }

  clearRequests(): Promise<unknown> {
    return this.call('DELETE', '/requests');
  }

  /** Graph bodies that failed the CSDL (requests and answers, inside a `$batch` too). */
  graphViolations(): Promise<GraphViolationEntry[]> {
    return this.call('GET', '/violations');
  }

  clearGraphViolations(): Promise<unknown> {
    return this.call('DELETE', '/violations');
  }

  inject(fault: FaultRequest): Promise<unknown> {
    return this.call('POST', '/faults', fault, 201);
  }

  faults(): Promise<unknown[]> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  /** Forgets every Graph delta token, as an evicting cache would: their holders get 410. */
  expireGraphDeltaTokens(): Promise<{ expired: number }> {
    return this.call<{ expired: number }>('DELETE', '/graph-delta-tokens');
  }

  directory(): Promise<AdminDirectoryEntry[]> {
    return this.call('GET', '/directory');
  }

  oof(email: string): Promise<AdminOof> {
    return this.call('GET', this.mailbox(email, 'oof'));
  }

  setOof(email: string, body: Record<string, unknown>): Promise<AdminOof> {
    return this.call('PUT', this.mailbox(email, 'oof'), body);
  }

  /** The stored items, or (with a window) the window expanded like CalendarView. */
  calendar(email: string, window?: { start: Date; end: Date }): Promise<AdminCalendarEntry[]> {
    const query =
      window === undefined
        ? ''
        : `?start=${window.start.toISOString()}&end=${window.end.toISOString()}`;
    return this.call('GET', this.mailbox(email, `calendar${query}`));
  }

  addCalendarItem(email: string, body: Record<string, unknown>): Promise<AdminCalendarEntry> {
    return this.call('POST', this.mailbox(email, 'calendar'), body, 201);
  }

  moveCalendarItem(
    email: string,
    id: string,
    to: { start: Date; end: Date },
  ): Promise<AdminCalendarEntry> {
    return this.call('POST', this.mailbox(email, `calendar/${encodeURIComponent(id)}/move`), {
      start: to.start.toISOString(),
      end: to.end.toISOString(),
    });
  }

  cancelCalendarItem(email: string, id: string): Promise<AdminCalendarEntry> {
    return this.call('POST', this.mailbox(email, `calendar/${encodeURIComponent(id)}/cancel`));
  }

  workingHours(email: string): Promise<Record<string, unknown>> {
    return this.call('GET', this.mailbox(email, 'working-hours'));
  }

  setWorkingHours(email: string, body: Record<string, unknown>): Promise<unknown> {
    return this.call('PUT', this.mailbox(email, 'working-hours'), body);
  }

  /** Renames a user in the directory: Exchange answers with the new display name from now on. */
  setDisplayName(
    email: string,
    displayName: string,
  ): Promise<{ email: string; displayName: string }> {
    return this.call('PUT', this.mailbox(email, 'display-name'), { displayName });
  }

  voicemail(email: string): Promise<AdminMessage[]> {
    return this.call('GET', this.mailbox(email, 'voicemail'));
  }

  dropVoicemail(email: string, body: Record<string, unknown>): Promise<AdminMessage> {
    return this.call('POST', this.mailbox(email, 'voicemail'), body, 201);
  }

  conversationHistory(email: string): Promise<AdminMessage[]> {
    return this.call('GET', this.mailbox(email, 'conversation-history'));
  }

  messages(email: string): Promise<AdminMessage[]> {
    return this.call('GET', this.mailbox(email, 'messages'));
  }
}
