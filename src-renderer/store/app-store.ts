/**
 * The window's state: the last Snapshot from the bridge and, per action, whether a command is in
 * flight and how the last one ended. Nothing here decides presence; it only remembers.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  CommandErrorCode,
  CommandInput,
  CommandIssue,
  Failure,
  Snapshot,
} from '../../src-main/core/contract.js';
import type { OpenView } from '../../src-main/core/notices/open-view.js';
import type { PageNotice } from '../bridge/bridge.js';
import type { Bridge } from '../bridge/bridge.js';

/** A place to open from outside the views (a clicked notice); `seq` tells requests apart. */
export interface Navigation {
  target: OpenView;
  seq: number;
  /** The view it names has opened it (a view that mounts later does not open it again). */
  done: boolean;
}

/** Notices kept for the window (newest last); older ones are dropped. */
export const MAX_KEPT_NOTICES = 20;

/** The UI's actions; each has its own progress and error. */
export type ActionKey =
  | 'status'
  | 'oof-save'
  | 'oof-off'
  | 'refresh'
  | 'join'
  | 'settings'
  | 'language'
  | 'sign-in'
  | 'discover'
  | 'sign-in-oauth'
  | 'cancel-sign-in'
  | 'trust-ca'
  | 'sign-out'
  | 'use-demo'
  | 'voicemail'
  /** The Voicemail view fetching the newest unread ahead: never a failure the user must read. */
  | 'voicemail-prefetch'
  | 'im-sign-in'
  | 'im-sign-out'
  | 'im-settings'
  | 'smtp-password'
  | 'add-contact'
  | 'contact'
  | 'send-message'
  | 'chat-signal'
  | 'sharing'
  | 'sharing-token'
  | 'webhooks'
  | 'webhook-secret'
  | 'webhook-test'
  | 'mqtt'
  | 'mqtt-password';

export interface ActionState {
  pending: boolean;
  /** The last failure's message; cleared when the action runs again. */
  error?: string;
  /** The last failure's typed code, e.g. 'not-allowed'. */
  code?: CommandErrorCode;
  /** Where the core found a rejected command invalid (field path and message). */
  issues?: CommandIssue[];
  /** Why Exchange or the keychain refused, when the core knows: the window words it itself. */
  failure?: Failure;
  /** Incremented on every success, so a view can acknowledge it. */
  successes: number;
}

export interface AppState {
  snapshot: Snapshot | undefined;
  /** False while the bridge's link to the core is down (it reconnects by itself). */
  linkUp: boolean;
  /** The web shell was restarted with a new token: this page must be opened from its new address. */
  authLost: boolean;
  actions: Record<ActionKey, ActionState>;
  /** Whether the window stays open when it loses focus; undefined outside the desktop app. */
  pinned: boolean | undefined;
  setPinned: (pinned: boolean) => void;
  /** Sends `command`; resolves true when the core accepted it. */
  run: (key: ActionKey, command: CommandInput) => Promise<boolean>;
  /** Sends a command that answers with a secret (the local API token); undefined when refused. */
  runForSecret: (key: ActionKey, command: CommandInput) => Promise<string | undefined>;
  /** Forgets the action's last failure: the user changed what it was about. */
  clearError: (key: ActionKey) => void;
  /** The place a notice asked to open, until the view it names has opened it. */
  navigation: Navigation | undefined;
  /** Opens a voicemail, a conversation, the agenda… from outside the views. */
  openView: (target: OpenView) => void;
  /** The view has opened request `seq`: it is not opened again when the view mounts anew. */
  navigationDone: (seq: number) => void;
  /** Notices the shell sent to this page, each once (by id), newest last. */
  notices: PageNotice[];
  /** The conversation whose view is on screen, if any. */
  conversationShown: string | undefined;
  /** A conversation's view opened. */
  showConversation: (address: string) => void;
  /**
   * A conversation's view closed (Back, another tab, another conversation): the core closes the
   * conversation (saves it to Conversation History when that is on, tells the peer). Unless the
   * same view opens again at once, as React's development mode does when it remounts a view.
   */
  leaveConversation: (address: string) => void;
}

export type AppStore = StoreApi<AppState>;

const IDLE: ActionState = { pending: false, successes: 0 };
const NO_ERROR: Partial<ActionState> = {
  error: undefined,
  code: undefined,
  issues: undefined,
  failure: undefined,
};

export function createAppStore(bridge: Bridge): AppStore {
  const store = createStore<AppState>()((set, get) => {
    const patch = (key: ActionKey, next: Partial<ActionState>): void => {
      set((state) => ({
        actions: { ...state.actions, [key]: { ...state.actions[key], ...next } },
      }));
    };
    return {
      snapshot: bridge.getSnapshot(),
      linkUp: true,
      authLost: false,
      pinned: bridge.windowControls === undefined ? undefined : false,
      setPinned: (pinned) => {
        bridge.windowControls?.setPinned(pinned);
      },
      actions: {
        status: IDLE,
        'oof-save': IDLE,
        'oof-off': IDLE,
        refresh: IDLE,
        join: IDLE,
        settings: IDLE,
        language: IDLE,
        'sign-in': IDLE,
        discover: IDLE,
        'sign-in-oauth': IDLE,
        'cancel-sign-in': IDLE,
        'trust-ca': IDLE,
        'sign-out': IDLE,
        'use-demo': IDLE,
        voicemail: IDLE,
        'voicemail-prefetch': IDLE,
        'im-sign-in': IDLE,
        'im-sign-out': IDLE,
        'im-settings': IDLE,
        'smtp-password': IDLE,
        'add-contact': IDLE,
        contact: IDLE,
        'send-message': IDLE,
        'chat-signal': IDLE,
        sharing: IDLE,
        'sharing-token': IDLE,
        webhooks: IDLE,
        'webhook-secret': IDLE,
        'webhook-test': IDLE,
        mqtt: IDLE,
        'mqtt-password': IDLE,
      },
      // The command (a password, for sign-in) is sent and forgotten: only its outcome is kept.
      run: async (key, command) => {
        patch(key, { pending: true, ...NO_ERROR });
        const result = await bridge.execute(command);
        if (result.ok) {
          patch(key, { pending: false, successes: get().actions[key].successes + 1 });
          return true;
        }
        patch(key, {
          pending: false,
          error: result.error.message,
          code: result.error.code,
          issues: result.error.issues,
          failure: result.error.failure,
        });
        return false;
      },
      // The secret goes to the caller only; the store keeps the outcome, never the value.
      runForSecret: async (key, command) => {
        patch(key, { pending: true, ...NO_ERROR });
        const result = await bridge.execute(command);
        if (result.ok) {
          patch(key, { pending: false, successes: get().actions[key].successes + 1 });
          return result.secret;
        }
        patch(key, {
          pending: false,
          error: result.error.message,
          code: result.error.code,
          issues: result.error.issues,
          failure: result.error.failure,
        });
        return undefined;
      },
      clearError: (key) => {
        if (get().actions[key].error !== undefined) patch(key, NO_ERROR);
      },
      navigation: undefined,
      openView: (target) => {
        set((state) => ({
          navigation: { target, seq: (state.navigation?.seq ?? 0) + 1, done: false },
        }));
      },
      navigationDone: (seq) => {
        const { navigation } = get();
        if (navigation?.seq === seq && !navigation.done)
          set({ navigation: { ...navigation, done: true } });
      },
      notices: [],
      conversationShown: undefined,
      showConversation: (address) => {
        if (get().conversationShown !== address) set({ conversationShown: address });
      },
      leaveConversation: (address) => {
        if (get().conversationShown !== address) return;
        set({ conversationShown: undefined });
        setTimeout(() => {
          if (get().conversationShown === address) return;
          // Only a conversation the core holds can be closed (a chat opened but never used).
          if (get().snapshot?.conversations.some((c) => c.with === address) !== true) return;
          void bridge.execute({ type: 'close-conversation', with: address });
        }, 0);
      },
    };
  });
  // Each notice once per page: a repeat of an id already seen is ignored.
  const seenNotices = new Set<string>();
  bridge.onNotice?.((notice) => {
    if (seenNotices.has(notice.id)) return;
    seenNotices.add(notice.id);
    store.setState((state) => ({
      notices: [...state.notices, notice].slice(-MAX_KEPT_NOTICES),
    }));
  });
  bridge.onOpenView?.((target) => {
    store.getState().openView(target);
  });
  bridge.subscribe((snapshot) => {
    store.setState({ snapshot });
  });
  bridge.onLinkChange?.((linkUp) => {
    store.setState({ linkUp });
  });
  bridge.onAuthLost?.((authLost) => {
    store.setState({ authLost });
  });
  // The shell owns the pinned state (the tray menu can change it too); the window mirrors it.
  bridge.windowControls?.onPinnedChange((pinned) => {
    store.setState({ pinned });
  });
  return store;
}
