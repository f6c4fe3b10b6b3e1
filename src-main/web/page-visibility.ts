/**
 * Whether any connected page is in sight, for the core's "window visible" (IM message notices are
 * for a hidden window only). A page counts as visible from when it connects until it says it is
 * hidden; a closed page no longer counts. `onChange` hears each change of the overall answer.
 */
export class PageVisibility {
  readonly #pages = new Map<symbol, boolean>();
  readonly #onChange: (visible: boolean) => void;
  #last = false;

  constructor(onChange: (visible: boolean) => void) {
    this.#onChange = onChange;
  }

  connect(): { set(visible: boolean): void; close(): void } {
    const key = Symbol('page');
    this.#pages.set(key, true);
    this.#report();
    return {
      set: (visible) => {
        if (!this.#pages.has(key)) return;
        this.#pages.set(key, visible);
        this.#report();
      },
      close: () => {
        this.#pages.delete(key);
        this.#report();
      },
    };
  }

  get visible(): boolean {
    for (const visible of this.#pages.values()) if (visible) return true;
    return false;
  }

  #report(): void {
    const now = this.visible;
    if (now === this.#last) return;
    this.#last = now;
    this.#onChange(now);
  }
}
