/**
 * MQTT: the presence as a retained JSON message on `<prefix>/<mailbox>/presence`, `online` /
 * `offline` on `<prefix>/<mailbox>/status` (the last will says `offline`, retained, so a crash
 * shows too), and Home Assistant discovery. TLS is verified (the trusted CA added to the system's),
 * the password comes from the keychain (`mqtt:<url>`). A lost connection is retried with
 * jittered exponential back-off; refused credentials or certificates wait for the user. State,
 * problem and the next try are the Snapshot's `sharing.mqtt`. Turning MQTT off or signing out
 * publishes `offline` and ends the session cleanly.
 */
import { randomBytes } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { isDeepStrictEqual } from 'node:util';
import type { IClientOptions, MqttClient } from 'mqtt';
import {
  COMMAND_OK,
  commandFailure,
  type CommandResult,
  type MqttSettings,
  type SharingProblem,
  type SharingStatus,
} from '../../core/contract.js';
import { combinedCa } from '../../core/companion/trusted-ca.js';
import { backoffDelay, type BackoffPolicy } from '../../im/xmpp/backoff.js';
import type { SharedPresence, SharingContext, SharingPart } from '../part.js';
import { presenceKey, presenceValues } from '../presence-values.js';
import { checkBrokerUrl, mqttSecretName } from './broker-url.js';
import { isRetryable, mqttProblemOf } from './problem.js';
import {
  discoveryMessages,
  mailboxSlug,
  OFFLINE,
  ONLINE,
  presencePayload,
  topicsFor,
  type Topics,
} from './topics.js';

export type MqttStatus = SharingStatus['mqtt'];

export interface MqttPartOptions {
  /** The CA list to trust on top of the system's; default: the settings' trusted CA. */
  extraCa?: () => string | undefined;
  /** Default: 1 s doubling to 5 min, half of it jitter. */
  backoff?: BackoffPolicy;
  random?: () => number;
  /** How long one connection attempt may take; default 10 s. */
  connectTimeoutMs?: number;
}

const MQTT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 300_000 };
/** How long a clean goodbye (the `offline` message, DISCONNECT) may take before the socket goes. */
const GOODBYE_MS = 2_000;

interface Session {
  client: MqttClient;
  topics: Topics;
  slug: string;
  mailbox: string;
  settings: MqttSettings;
  lastError: unknown;
  closing: boolean;
}

export interface MqttPart extends SharingPart<'mqtt'> {
  whenIdle(): Promise<void>;
  /** The client of the current session (tests kill its socket to see the last will). */
  currentClient(): MqttClient | undefined;
}

export function createMqttPart(context: SharingContext, options: MqttPartOptions = {}): MqttPart {
  const extraCa = options.extraCa ?? (() => combinedCa(context.snapshot().settings.trustedCaPem));
  const random = options.random ?? Math.random;
  const policy = options.backoff ?? MQTT_BACKOFF;
  let settings: MqttSettings | undefined;
  let session: Session | undefined;
  let status: MqttStatus = { state: 'off', hasPassword: false };
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let lastKey: string | undefined;
  let updatedAt = context.presence().updatedAt;
  /** Connects and goodbyes in order; `whenIdle` waits for the chain. */
  let chain: Promise<void> = Promise.resolve();

  const hasSession = (): boolean => session !== undefined;

  const setStatus = (next: MqttStatus): void => {
    if (isDeepStrictEqual(next, status)) return;
    status = next;
    context.statusChanged();
  };

  const enqueue = (step: () => Promise<void>): Promise<void> => {
    chain = chain.then(step).catch((error: unknown) => {
      context.log(`mqtt: ${error instanceof Error ? error.message : String(error)}`);
    });
    return chain;
  };

  const readPassword = async (url: string): Promise<string | undefined> => {
    try {
      return await context.secrets?.get(mqttSecretName(url));
    } catch (error) {
      context.log(`mqtt: keychain: ${error instanceof Error ? error.message : 'failed'}`);
      return undefined;
    }
  };

  const signedIn = (): { mailbox: string } | undefined => {
    const account = context.snapshot().account;
    return account.mode === 'signed-out' ? undefined : { mailbox: account.mailbox };
  };

  const publishPresence = (current: Session): void => {
    const values = presenceValues(context.presence().presence);
    current.client.publish(current.topics.presence, presencePayload(values, updatedAt), {
      qos: 1,
      retain: true,
    });
  };

  const onConnected = (current: Session): void => {
    if (session !== current) return;
    attempt = 0;
    setStatus({ state: 'connected', hasPassword: status.hasPassword });
    const { client, topics } = current;
    client.publish(topics.status, ONLINE, { qos: 1, retain: true });
    // Discovery configs; with Home Assistant off, empty retained messages remove the entities.
    for (const [topic, config] of discoveryMessages(topics, current.slug, current.mailbox))
      client.publish(topic, current.settings.homeAssistant ? config : '', { qos: 1, retain: true });
    publishPresence(current);
  };

  const failed = (problem: SharingProblem): void => {
    if (!isRetryable(problem) || settings === undefined) {
      setStatus({ state: 'failed', problem, hasPassword: status.hasPassword });
      return;
    }
    const delay = backoffDelay(attempt, random, policy);
    attempt += 1;
    const retryAt = new Date(context.now().getTime() + delay).toISOString();
    setStatus({ state: 'failed', problem, retryAt, hasPassword: status.hasPassword });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void enqueue(connect);
    }, delay);
    retryTimer.unref();
  };

  const onClosed = (current: Session): void => {
    if (session !== current || current.closing) return;
    session = undefined;
    current.client.removeAllListeners();
    current.client.on('error', () => undefined);
    current.client.end(true);
    failed(current.lastError === undefined ? 'network' : mqttProblemOf(current.lastError));
  };

  async function connect(): Promise<void> {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const wanted = settings;
    if (wanted === undefined || session !== undefined) return;
    const account = signedIn();
    if (account === undefined) {
      setStatus({ state: 'off', hasPassword: status.hasPassword });
      return;
    }
    const checked = checkBrokerUrl(wanted.url);
    if (!checked.ok) {
      setStatus({ state: 'failed', problem: checked.problem, hasPassword: status.hasPassword });
      return;
    }
    const url = wanted.url ?? '';
    // Loaded here, not at start: most accounts never share over MQTT (about 20 MB of RSS).
    const { default: mqtt } = await import('mqtt');
    const password = await readPassword(url);
    // The settings changed, or another attempt connected, while the keychain answered.
    if (settings !== wanted || hasSession()) return;
    setStatus({
      state: 'connecting',
      ...(status.problem === undefined ? {} : { problem: status.problem }),
      hasPassword: password !== undefined,
    });
    const slug = mailboxSlug(account.mailbox);
    const topics = topicsFor(wanted, slug);
    const ca = extraCa();
    const clientOptions: IClientOptions = {
      clientId: `beacon_${slug}_${randomBytes(4).toString('hex')}`,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 0,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      rejectUnauthorized: true,
      will: { topic: topics.status, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
      ...(wanted.username === undefined ? {} : { username: wanted.username }),
      ...(password === undefined ? {} : { password }),
      ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
    };
    const client = mqtt.connect(checked.url.toString(), clientOptions);
    const current: Session = {
      client,
      topics,
      slug,
      mailbox: account.mailbox,
      settings: wanted,
      lastError: undefined,
      closing: false,
    };
    session = current;
    client.on('connect', () => {
      onConnected(current);
    });
    client.on('error', (error) => {
      current.lastError = error;
    });
    client.on('close', () => {
      onClosed(current);
    });
  }

  /** Says `offline` (retained) and disconnects; a dead connection is just closed. */
  const goodbye = async (presenceToo: boolean): Promise<void> => {
    const current = session;
    session = undefined;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (current === undefined) return;
    current.closing = true;
    const { client, topics } = current;
    client.on('error', () => undefined);
    if (client.connected) {
      const said = (async () => {
        if (presenceToo) {
          const values = presenceValues(context.presence().presence);
          await client.publishAsync(topics.presence, presencePayload(values, updatedAt), {
            qos: 1,
            retain: true,
          });
        }
        await client.publishAsync(topics.status, OFFLINE, { qos: 1, retain: true });
        await client.endAsync();
      })();
      const late = new Promise<void>((resolve) => setTimeout(resolve, GOODBYE_MS).unref());
      await Promise.race([said.catch(() => undefined), late]);
    }
    await client.endAsync(true).catch(() => undefined);
    client.removeAllListeners();
    // A timer of the ended client (a late CONNACK timeout) may still emit: never unhandled.
    client.on('error', () => undefined);
  };

  const restart = (): Promise<void> =>
    enqueue(async () => {
      await goodbye(false);
      attempt = 0;
      await connect();
    });

  const setPassword = async (password: string | null): Promise<CommandResult> => {
    const url = context.snapshot().settings.sharing.mqtt.url;
    if (url === undefined || url.trim() === '')
      return commandFailure('not-allowed', 'Set the broker address first');
    const secrets = context.secrets;
    if (secrets === undefined)
      return commandFailure('not-allowed', 'There is no keychain to keep the password in');
    try {
      if (password === null) await secrets.delete(mqttSecretName(url));
      else await secrets.set(mqttSecretName(url), password);
    } catch (error) {
      return commandFailure(
        'server-error',
        `The keychain refused the password: ${error instanceof Error ? error.message : 'failed'}`,
      );
    }
    setStatus({ ...status, hasPassword: password !== null });
    // A new password is tried at once, even after the broker refused the old one.
    if (settings !== undefined) await restart();
    return COMMAND_OK;
  };

  return {
    async start(next: MqttSettings): Promise<void> {
      const url = next.url;
      const hasPassword = url === undefined ? false : (await readPassword(url)) !== undefined;
      settings = next.enabled ? next : undefined;
      setStatus({ ...status, hasPassword });
      lastKey = presenceKey(presenceValues(context.presence().presence));
      if (settings === undefined) {
        await enqueue(() => goodbye(false));
        setStatus({ state: 'off', hasPassword });
        return;
      }
      await restart();
    },
    async stop(): Promise<void> {
      settings = undefined;
      await enqueue(() => goodbye(false));
      setStatus({ state: 'off', hasPassword: status.hasPassword });
    },
    onPresence(shared: SharedPresence): void {
      if (settings === undefined) return;
      const account = signedIn();
      if (account === undefined) {
        // Signed out: the light learns `offline` and the session ends cleanly.
        if (session !== undefined || retryTimer !== undefined)
          void enqueue(async () => {
            await goodbye(true);
            setStatus({ state: 'off', hasPassword: status.hasPassword });
          });
        return;
      }
      const key = presenceKey(presenceValues(shared.presence));
      const changed = key !== lastKey;
      if (changed) {
        lastKey = key;
        updatedAt = shared.updatedAt;
      }
      if (session === undefined) {
        // Signed in again (or for the first time): connect, unless a retry is already planned.
        if (retryTimer === undefined && status.state === 'off') void enqueue(connect);
        return;
      }
      if (session.mailbox !== account.mailbox) {
        void restart();
        return;
      }
      if (changed && session.client.connected) publishPresence(session);
    },
    status: () => status,
    handlers: {
      'set-mqtt-password': (command) => setPassword(command.password),
    },
    whenIdle: async () => {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    currentClient: () => session?.client,
  };
}
