/**
 * Webhooks: on every presence change a busy light can show (deduplicated, not every recompute),
 * the hooks whose `on` matches the new availability (or `any`) are called, each through its own
 * lane (one call in flight, the newest waiting). Each hook's last call and its last failure (kept
 * until a call succeeds) are the Snapshot's `sharing.webhooks`. `{{secret}}` comes from the
 * keychain (`webhook:<id>`), never from the settings.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Dispatcher } from 'undici';
import {
  COMMAND_OK,
  commandFailure,
  type CommandResult,
  type SharingProblem,
  type SharingStatus,
  type Webhook,
  type WebhookSettings,
} from '../../core/contract.js';
import { combinedCa } from '../../core/companion/trusted-ca.js';
import type { SharingContext, SharingPart } from '../part.js';
import { presenceKey, presenceValues, type PresenceValues } from '../presence-values.js';
import { callHook, createHookDispatcher, HOOK_TIMEOUT_MS, type CallOutcome } from './caller.js';
import { Lane } from './lane.js';
import { renderHook, usesSecret } from './template.js';
import { checkHookUrl } from './url-policy.js';

export type HookStatus = SharingStatus['webhooks'][number];

export interface WebhookPartOptions {
  /** The CA list to trust on top of the system's; default: the settings' trusted CA. */
  extraCa?: () => string | undefined;
  /** Default 5 s. */
  timeoutMs?: number;
}

interface Job {
  hook: Webhook;
  values: PresenceValues;
}

/** The keychain name of a hook's secret. */
export function webhookSecretName(id: string): string {
  return `webhook:${id}`;
}

/** A status the Snapshot can carry (a server may send any three digits). */
export function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

/** Whether a hook is called for this availability. */
export function hookMatches(hook: Pick<Webhook, 'on'>, values: PresenceValues): boolean {
  return hook.on === 'any' || hook.on === values.availability;
}

const PROBLEM_TEXT: Record<SharingProblem, string> = {
  'port-in-use': 'The port is in use',
  'insecure-url': 'Only https addresses (or http on this computer) are called',
  'invalid-url': 'The address is not a valid URL',
  'redirect-refused': 'The server answered with a redirect, which is not followed',
  timeout: 'The server did not answer in time',
  'http-status': 'The server answered with an error',
  'connection-refused': 'The server refused the connection',
  'host-not-found': 'The server name was not found',
  certificate: 'The server certificate is not trusted',
  'auth-refused': 'The server refused the credentials',
  network: 'The network failed',
};

export function createWebhookPart(
  context: SharingContext,
  options: WebhookPartOptions = {},
): SharingPart<'webhooks'> & { whenIdle(): Promise<void> } {
  const timeoutMs = options.timeoutMs ?? HOOK_TIMEOUT_MS;
  const extraCa = options.extraCa ?? (() => combinedCa(context.snapshot().settings.trustedCaPem));
  let hooks: Webhook[] = [];
  let running = false;
  let lastKey: string | undefined;
  const statuses = new Map<string, HookStatus>();
  const lanes = new Map<string, Lane<Job, CallOutcome>>();
  let abort = new AbortController();
  let pool: { ca: string | undefined; dispatcher: Dispatcher } | undefined;

  const dispatcher = (): Dispatcher => {
    const ca = extraCa();
    if (pool !== undefined && pool.ca === ca) return pool.dispatcher;
    void pool?.dispatcher.close().catch(() => undefined);
    const fresh = { ca, dispatcher: createHookDispatcher(ca, timeoutMs) };
    pool = fresh;
    return fresh.dispatcher;
  };

  const setStatus = (id: string, next: HookStatus): void => {
    if (isDeepStrictEqual(statuses.get(id), next)) return;
    statuses.set(id, next);
    context.statusChanged();
  };

  const statusOf = (id: string): HookStatus => statuses.get(id) ?? { id, hasSecret: false };

  const failed = (id: string, problem: SharingProblem, httpStatus?: number): void => {
    const next: HookStatus = {
      ...statusOf(id),
      problem,
      problemAt: context.now().toISOString(),
    };
    if (httpStatus !== undefined && isHttpStatus(httpStatus)) next.lastStatus = httpStatus;
    setStatus(id, next);
  };

  const readSecret = async (id: string): Promise<string | undefined> => {
    try {
      return await context.secrets?.get(webhookSecretName(id));
    } catch (error) {
      context.log(`webhook ${id}: keychain: ${error instanceof Error ? error.message : 'failed'}`);
      return undefined;
    }
  };

  const call = async ({ hook, values }: Job): Promise<CallOutcome> => {
    const secret = usesSecret(hook) ? await readSecret(hook.id) : undefined;
    const request = renderHook(hook, values, secret);
    const checked = checkHookUrl(request.url);
    if (!checked.ok) {
      failed(hook.id, checked.problem);
      return { ok: false, problem: checked.problem };
    }
    const calledAt = context.now().toISOString();
    const outcome = await callHook(request, dispatcher(), { timeoutMs, signal: abort.signal });
    if (outcome.ok) {
      const next: HookStatus = {
        id: hook.id,
        hasSecret: statusOf(hook.id).hasSecret,
        lastCalledAt: calledAt,
      };
      if (isHttpStatus(outcome.status)) next.lastStatus = outcome.status;
      setStatus(hook.id, next);
    } else {
      setStatus(hook.id, { ...statusOf(hook.id), lastCalledAt: calledAt });
      failed(hook.id, outcome.problem, outcome.status);
      context.log(`webhook ${hook.id}: ${PROBLEM_TEXT[outcome.problem]}`);
    }
    return outcome;
  };

  const laneOf = (id: string): Lane<Job, CallOutcome> => {
    let lane = lanes.get(id);
    if (lane === undefined) {
      lane = new Lane(call);
      lanes.set(id, lane);
    }
    return lane;
  };

  const refreshSecretFlag = async (id: string): Promise<void> => {
    const hasSecret = (await readSecret(id)) !== undefined;
    setStatus(id, { ...statusOf(id), hasSecret });
  };

  const currentValues = (): PresenceValues => presenceValues(context.presence().presence);

  const testHook = async (id: string): Promise<CommandResult> => {
    const hook = context.snapshot().settings.sharing.webhooks.hooks.find((h) => h.id === id);
    if (hook === undefined) return commandFailure('not-found', 'No webhook with this id');
    const outcome = await laneOf(id).push({ hook, values: currentValues() });
    if (outcome === undefined) return commandFailure('not-allowed', 'Webhooks were turned off');
    return outcome.ok
      ? COMMAND_OK
      : commandFailure(
          outcome.problem === 'insecure-url' || outcome.problem === 'invalid-url'
            ? 'not-allowed'
            : 'server-error',
          PROBLEM_TEXT[outcome.problem],
        );
  };

  const setSecret = async (id: string, secret: string | null): Promise<CommandResult> => {
    const secrets = context.secrets;
    if (secrets === undefined)
      return commandFailure('not-allowed', 'There is no keychain to keep the secret in');
    try {
      if (secret === null) await secrets.delete(webhookSecretName(id));
      else await secrets.set(webhookSecretName(id), secret);
    } catch (error) {
      return commandFailure(
        'server-error',
        `The keychain refused the secret: ${error instanceof Error ? error.message : 'failed'}`,
      );
    }
    if (hooks.some((h) => h.id === id)) await refreshSecretFlag(id);
    return COMMAND_OK;
  };

  const whenIdle = async (): Promise<void> => {
    await Promise.all([...lanes.values()].map((lane) => lane.whenIdle()));
  };

  return {
    async start(settings: WebhookSettings): Promise<void> {
      const before = new Map(hooks.map((h) => [h.id, h]));
      hooks = settings.enabled ? settings.hooks : [];
      running = settings.enabled;
      const ids = new Set(hooks.map((h) => h.id));
      for (const [id, lane] of lanes)
        if (!ids.has(id)) {
          lane.close();
          lanes.delete(id);
        }
      for (const id of [...statuses.keys()]) if (!ids.has(id)) statuses.delete(id);
      await Promise.all(hooks.map((h) => refreshSecretFlag(h.id)));
      context.statusChanged();
      if (!running) return;
      const values = currentValues();
      lastKey = presenceKey(values);
      // A new or changed hook learns the current state at once (the light shows it now).
      for (const hook of hooks) {
        if (isDeepStrictEqual(before.get(hook.id), hook)) continue;
        if (hookMatches(hook, values)) void laneOf(hook.id).push({ hook, values });
      }
    },
    async stop(): Promise<void> {
      running = false;
      hooks = [];
      lastKey = undefined;
      for (const lane of lanes.values()) lane.close();
      abort.abort();
      await whenIdle();
      abort = new AbortController();
      lanes.clear();
      statuses.clear();
      context.statusChanged();
      await pool?.dispatcher.close().catch(() => undefined);
      pool = undefined;
    },
    onPresence(shared): void {
      if (!running) return;
      const values = presenceValues(shared.presence);
      const key = presenceKey(values);
      if (key === lastKey) return;
      lastKey = key;
      for (const hook of hooks)
        if (hookMatches(hook, values)) void laneOf(hook.id).push({ hook, values });
    },
    status: () => hooks.map((h) => statusOf(h.id)),
    handlers: {
      'test-webhook': (command) => testHook(command.id),
      'set-webhook-secret': (command) => setSecret(command.id, command.secret),
    },
    whenIdle,
  };
}
