/**
 * Opening a link in the page that asked for it. The companion's `openExternal` has no idea which
 * browser tab ran the command, so the socket runs each command inside an AsyncLocalStorage scope
 * that names its page; `open` finds that page again from inside the command's async chain. A link
 * therefore never pops up in another person's tab or in every open tab at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isOpenableJoinUrl } from '../core/join-link.js';

/** Sends `{type:'open-url', url}` to one page. */
export type PageSink = (url: string) => void;

export class PageOpener {
  readonly #asking = new AsyncLocalStorage<PageSink>();

  /** Runs `work` (a command) on behalf of the page behind `sink`. */
  runFor<T>(sink: PageSink, work: () => T): T {
    return this.#asking.run(sink, work);
  }

  /**
   * Sends the link to the page whose command is running. False when no page is asking (the
   * caller decides what else to do) or the link is not one Beacon opens (same rule as the core).
   */
  open(url: string): boolean {
    const sink = this.#asking.getStore();
    if (sink === undefined || !isOpenableJoinUrl(url)) return false;
    sink(url);
    return true;
  }
}
