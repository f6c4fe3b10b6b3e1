/**
 * The voicemail list and its commands for one companion: reads the list with each refresh
 * (FindItem; each new item's body and attachments once), keeps the audio states, fetches and
 * prepares audio on demand (`prepare`: Play, and the Voicemail view asking for the newest unread
 * ahead; never by itself after a refresh, which the user did not ask for), and carries out mark read,
 * delete with Undo, call back and open. The companion owns the connection and the Snapshot;
 * everything it needs is injected.
 */
import {
  COMMAND_OK,
  commandFailure,
  type CommandResult,
  type VoicemailAudio,
  type VoicemailItem,
} from '../core/contract.js';
import type { SchedulerClock } from '../core/scheduler.js';
import type { MailboxBackend } from '../mailbox/backend.js';
import type { VoicemailSummary } from '../mailbox/voicemail.js';
import { AudioCache } from './cache.js';
import { callUrl } from './callback.js';
import { findFfmpeg } from './ffmpeg.js';
import { detailFrom, initialAudio, toVoicemailItem, type VoicemailDetail } from './items.js';
import { audioKey } from './key.js';
import { completeAudio, needsPeaks, prepareAudio, readyAudio, unplayable } from './prepare.js';

export type VoicemailClient = Pick<
  MailboxBackend,
  | 'limits'
  | 'listVoicemail'
  | 'getVoicemail'
  | 'getVoicemails'
  | 'getAttachment'
  | 'markVoicemailRead'
  | 'deleteVoicemail'
>;

export interface VoicemailServiceDeps {
  dataDir: string;
  clock: SchedulerClock;
  maxItems: () => number;
  cacheMegabytes: () => number;
  /** The locale whose region reads national caller numbers. */
  locale: () => string;
  /** The list changed outside a refresh (a command, a fetch finished). */
  publish: (items: VoicemailItem[]) => void;
  /** The signed-in mailbox's client, for commands. */
  connect: () => Promise<{ backend: VoicemailClient; mailbox: string }>;
  /** A failed EWS call in the user's terms. */
  failure: (error: unknown) => CommandResult;
  openExternal: (url: string) => Promise<void> | void;
  openPath?: ((file: string) => Promise<void> | void) | undefined;
  /** Where ffmpeg is looked up (PATH, BEACON_FFMPEG); default process.env. */
  env?: NodeJS.ProcessEnv;
  maxAttachmentBytes?: number;
  /** Wait before decoding for the peaks (PEAKS_DELAY_MS when absent). */
  peaksDelayMs?: number;
}

/** Undo is possible this long after Delete. */
export const UNDO_MS = 5000;
/** Requests for new items' details at a time (each up to the backend's limit of ids). */
const DETAIL_CONCURRENCY = 2;
/** Decodings for peaks at a time: after Play has its audio, never in its way. */
const PEAKS_CONCURRENCY = 1;
/**
 * How long after an item turns ready its decoding for the peaks waits: the window fetches and
 * starts the audio meanwhile (from this process, in the web shell), undisturbed.
 */
export const PEAKS_DELAY_MS = 1000;

export interface VoicemailService {
  readonly audio: AudioCache;
  /** FindItem for `mailbox` (another mailbox than before clears everything first). */
  read(client: VoicemailClient, mailbox: string): Promise<void>;
  /** The list as the Snapshot shows it. */
  items(): VoicemailItem[];
  /**
   * Bodies and attachment lists after a read (and the peaks of audio cached without them);
   * publishes as it goes. No audio is fetched here: only `prepare` fetches.
   */
  afterRead(client: VoicemailClient): void;
  /** Sign-out or another account: the list, the timers and the cache go. */
  forget(): Promise<void>;
  prepare(id: string): Promise<CommandResult>;
  setRead(id: string, read: boolean): Promise<CommandResult>;
  delete(id: string): CommandResult;
  undoDelete(id: string): CommandResult;
  callBack(id: string): Promise<CommandResult>;
  openAudio(id: string): Promise<CommandResult>;
  /** Resolves when no fetch, detail read or delete runs. */
  whenIdle(): Promise<void>;
  /** No more publishing; deletes still in their Undo time are carried out now. */
  stop(): void;
}

async function eachLimited<T>(
  list: T[],
  limit: number,
  run: (t: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const item = list[next++];
      if (item !== undefined) await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
}

export function createVoicemailService(deps: VoicemailServiceDeps): VoicemailService {
  const cache = new AudioCache({
    dataDir: deps.dataDir,
    capBytes: () => deps.cacheMegabytes() * 1024 * 1024,
    now: () => deps.clock.now(),
  });
  const env = deps.env ?? process.env;

  let account: string | undefined;
  let summaries: VoicemailSummary[] = [];
  const details = new Map<string, VoicemailDetail>();
  const audio = new Map<string, VoicemailAudio>();
  const readOverride = new Map<string, boolean>();
  const deleting = new Map<string, { until: number; cancel: () => void }>();
  const preparing = new Map<string, Promise<void>>();
  const background = new Set<Promise<unknown>>();
  /** Bumped by `forget`: late answers for the old account are dropped. */
  let generation = 0;
  let stopped = false;

  const track = <T>(promise: Promise<T>): Promise<T> => {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    background.add(settled);
    void settled.then(() => background.delete(settled));
    return promise;
  };

  const keyOf = (id: string): string => audioKey(account ?? '', id);

  const audioOf = (summary: VoicemailSummary): VoicemailAudio => {
    const live = audio.get(summary.id);
    if (live !== undefined) return live;
    const detail = details.get(summary.id);
    const initial = initialAudio(summary, detail);
    if (initial.state !== 'not-loaded') return initial;
    return readyAudio(keyOf(summary.id), cache) ?? initial;
  };

  const items = (): VoicemailItem[] => {
    return summaries.map((summary) => {
      const item = toVoicemailItem(summary, details.get(summary.id), audioOf(summary));
      const read = readOverride.get(summary.id);
      if (read !== undefined) item.isRead = read;
      const pending = deleting.get(summary.id);
      if (pending !== undefined) item.deletingUntil = new Date(pending.until).toISOString();
      return item;
    });
  };

  const publish = (): void => {
    if (!stopped) deps.publish(items());
  };

  const find = (id: string): VoicemailSummary | undefined => summaries.find((s) => s.id === id);

  const cancelDeletes = (): void => {
    for (const pending of deleting.values()) pending.cancel();
    deleting.clear();
  };

  const forget = (): Promise<void> => track(forgetNow());

  const forgetNow = async (): Promise<void> => {
    generation += 1;
    cancelDeletes();
    account = undefined;
    summaries = [];
    details.clear();
    audio.clear();
    readOverride.clear();
    preparing.clear();
    peaksQueue.length = 0;
    await cache.clear();
  };

  const read = async (client: VoicemailClient, mailbox: string): Promise<void> => {
    if (account !== undefined && account.toLowerCase() !== mailbox.toLowerCase()) await forget();
    const at = generation;
    const max = deps.maxItems();
    const list = await client.listVoicemail({ maxEntries: max });
    if (at !== generation) return;
    account = mailbox;
    summaries = [...list.items]
      .sort((a, b) => b.received.getTime() - a.received.getTime())
      .slice(0, max);
    const listed = new Set(summaries.map((s) => s.id));
    for (const map of [details, audio, readOverride] as Map<string, unknown>[])
      for (const id of map.keys()) if (!listed.has(id)) map.delete(id);
    // A read that finished meanwhile is what Exchange says now.
    for (const s of summaries) if (readOverride.get(s.id) === s.isRead) readOverride.delete(s.id);
    await cache.retain(new Set(summaries.map((s) => keyOf(s.id))));
  };

  const loadDetail = async (client: VoicemailClient, id: string): Promise<VoicemailDetail> => {
    const known = details.get(id);
    if (known !== undefined) return known;
    const detail = detailFrom(await client.getVoicemail(id));
    details.set(id, detail);
    return detail;
  };

  const runPrepare = async (id: string, client?: VoicemailClient): Promise<void> => {
    const at = generation;
    const summary = find(id);
    if (summary === undefined) return;
    const key = keyOf(id);
    const before = audioOf(summary);
    audio.set(
      id,
      before.format === undefined
        ? { state: 'loading' }
        : { state: 'loading', format: before.format },
    );
    publish();
    let result: VoicemailAudio;
    try {
      const ews = client ?? (await deps.connect()).backend;
      const detail = await loadDetail(ews, id);
      if (at !== generation) return;
      if (detail.attachment === undefined) {
        result = unplayable('no-audio', false);
      } else {
        result = await prepareAudio(
          {
            cache,
            fetchAttachment: (attachmentId) => ews.getAttachment(attachmentId),
            findFfmpeg: () => findFfmpeg(env),
            ...(deps.maxAttachmentBytes === undefined
              ? {}
              : { maxAttachmentBytes: deps.maxAttachmentBytes }),
          },
          key,
          detail.attachment,
          summary.durationSeconds,
        );
      }
    } catch {
      result = unplayable('fetch-failed', false, before.format);
    }
    if (at !== generation) {
      // Signed out (or another account) meanwhile: what this fetch wrote goes too.
      await cache.remove(key);
      return;
    }
    if (find(id) === undefined) {
      // Deleted while fetching: nothing of it stays.
      await cache.remove(key);
      return;
    }
    audio.set(id, result);
    publish();
    schedulePeaks(id);
  };

  /** Decodes for the peaks one item after another; the item is already playable. */
  const peaksQueue: string[] = [];
  /** The waits before decoding; stopping ends them at once. */
  const peaksWaits = new Set<() => void>();
  let peaksRunning = 0;
  const runPeaks = async (id: string): Promise<void> => {
    const at = generation;
    const summary = find(id);
    if (summary === undefined) return;
    const key = keyOf(id);
    const result = await completeAudio(cache, key, summary.durationSeconds).catch(() => undefined);
    if (at !== generation || result === undefined) return;
    if (find(id) === undefined) {
      await cache.remove(key);
      return;
    }
    audio.set(id, result);
    publish();
  };
  const pumpPeaks = (): void => {
    while (peaksRunning < PEAKS_CONCURRENCY && peaksQueue.length > 0) {
      const id = peaksQueue.shift();
      if (id === undefined) break;
      peaksRunning += 1;
      void track(
        runPeaks(id).finally(() => {
          peaksRunning -= 1;
          pumpPeaks();
        }),
      );
    }
  };
  const schedulePeaks = (id: string): void => {
    if (!needsPeaks(keyOf(id), cache) || peaksQueue.includes(id)) return;
    peaksQueue.push(id);
    // Later: the ready Snapshot goes out and Play starts before any decoding.
    void track(
      new Promise<void>((resolve) => {
        const wake = (): void => {
          peaksWaits.delete(wake);
          clearTimeout(timer);
          if (!stopped) pumpPeaks();
          resolve();
        };
        const timer = setTimeout(wake, deps.peaksDelayMs ?? PEAKS_DELAY_MS);
        peaksWaits.add(wake);
      }),
    );
  };

  const prepareOnce = (id: string, client?: VoicemailClient): Promise<void> => {
    let running = preparing.get(id);
    if (running === undefined) {
      running = track(runPrepare(id, client)).finally(() => preparing.delete(id));
      preparing.set(id, running);
    }
    return running;
  };

  const afterRead = (client: VoicemailClient): void => {
    const at = generation;
    const missing = summaries.filter((s) => !details.has(s.id)).map((s) => s.id);
    const batches: string[][] = [];
    const size = client.limits.voicemailDetails;
    for (let from = 0; from < missing.length; from += size)
      batches.push(missing.slice(from, from + size));
    const work = (async () => {
      await eachLimited(batches, DETAIL_CONCURRENCY, async (ids) => {
        try {
          const results = await client.getVoicemails(ids);
          if (at !== generation) return;
          for (const result of results)
            if (result.ok && !details.has(result.id))
              details.set(result.id, detailFrom(result.item));
        } catch {
          // These show without their transcripts; the next refresh or Play tries again.
        }
      });
      if (at !== generation) return;
      publish();
      // Audio cached by an earlier run that still has no peaks.
      for (const s of summaries) schedulePeaks(s.id);
    })();
    void track(work);
  };

  const finishDelete = async (id: string): Promise<void> => {
    const at = generation;
    try {
      const { backend: client } = await deps.connect();
      await client.deleteVoicemail(id);
    } catch {
      if (at !== generation) return;
      // Exchange kept it: it shows again.
      deleting.delete(id);
      publish();
      return;
    }
    if (at !== generation) return;
    deleting.delete(id);
    summaries = summaries.filter((s) => s.id !== id);
    details.delete(id);
    audio.delete(id);
    readOverride.delete(id);
    await cache.remove(keyOf(id));
    publish();
  };

  return {
    audio: cache,
    read,
    items,
    afterRead,
    forget,
    prepare: async (id) => {
      const summary = find(id);
      if (summary === undefined) return commandFailure('not-found', 'No such voicemail');
      const current = audioOf(summary);
      // Protected, missed calls and finished audio have nothing more to fetch; a failed fetch
      // may be tried again.
      if (current.state === 'ready') {
        schedulePeaks(id);
        return COMMAND_OK;
      }
      if (current.state === 'unplayable' && current.problem !== 'fetch-failed') return COMMAND_OK;
      await prepareOnce(id);
      return COMMAND_OK;
    },
    setRead: async (id, isRead) => {
      const summary = find(id);
      if (summary === undefined) return commandFailure('not-found', 'No such voicemail');
      const at = generation;
      readOverride.set(id, isRead);
      publish();
      try {
        const { backend: client } = await deps.connect();
        const ref = {
          id: summary.id,
          ...(summary.changeKey === undefined ? {} : { changeKey: summary.changeKey }),
        };
        const updated = await client.markVoicemailRead(ref, isRead);
        if (at !== generation) return COMMAND_OK;
        // A refresh may have replaced the list meanwhile: update the item as it is now.
        const current = find(id);
        if (current !== undefined) {
          current.isRead = isRead;
          if (updated.changeKey !== undefined) current.changeKey = updated.changeKey;
        }
        readOverride.delete(id);
        publish();
        return COMMAND_OK;
      } catch (error) {
        if (at === generation) {
          readOverride.delete(id);
          publish();
        }
        return deps.failure(error);
      }
    },
    delete: (id) => {
      if (find(id) === undefined) return commandFailure('not-found', 'No such voicemail');
      if (deleting.has(id)) return COMMAND_OK;
      const until = deps.clock.now() + UNDO_MS;
      const cancel = deps.clock.setTimer(until, () => {
        void track(finishDelete(id));
      });
      deleting.set(id, { until, cancel });
      publish();
      return COMMAND_OK;
    },
    undoDelete: (id) => {
      const pending = deleting.get(id);
      if (pending === undefined)
        return commandFailure('not-allowed', 'This voicemail is not being deleted any more');
      pending.cancel();
      deleting.delete(id);
      publish();
      return COMMAND_OK;
    },
    callBack: async (id) => {
      const summary = find(id);
      if (summary === undefined) return commandFailure('not-found', 'No such voicemail');
      const item = toVoicemailItem(summary, undefined, audioOf(summary));
      // libphonenumber-js loads here, on the first Call back, not with the list.
      const { callbackNumber } = await import('./callback-number.js');
      const e164 = callbackNumber(item.callerNumber, deps.locale());
      const url = callUrl(e164 === undefined ? item : { ...item, callbackNumber: e164 });
      if (url === undefined)
        return commandFailure('not-allowed', 'There is no number to call back');
      await deps.openExternal(url);
      return COMMAND_OK;
    },
    openAudio: async (id) => {
      const openPath = deps.openPath;
      if (openPath === undefined)
        return commandFailure(
          'not-allowed',
          'Opening audio in another player is not available here',
        );
      const summary = find(id);
      if (summary === undefined) return commandFailure('not-found', 'No such voicemail');
      if (cache.record(keyOf(id)) === undefined) await prepareOnce(id);
      const original = await cache.open(keyOf(id), 'original');
      if (original === undefined)
        return commandFailure('not-allowed', 'There is no audio to open for this voicemail');
      await openPath(original.filePath);
      return COMMAND_OK;
    },
    whenIdle: async () => {
      while (background.size > 0) await Promise.all([...background]);
    },
    stop: () => {
      stopped = true;
      peaksQueue.length = 0;
      for (const wake of [...peaksWaits]) wake();
      // Quitting ends the Undo time early: what the user deleted is deleted, not kept.
      for (const [id, pending] of deleting) {
        pending.cancel();
        void track(finishDelete(id));
      }
    },
  };
}
