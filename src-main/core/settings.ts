/**
 * Settings: one JSON file in the app data folder. Loaded through the contract's schema; written
 * atomically; a damaged file is kept aside and defaults are used, with a warning the UI shows.
 * Keys this version does not know (a newer Beacon wrote them) survive a save. Secrets never
 * live here: a secret-looking key found in the file is removed from disk at once.
 */
import { readFile, rename, stat } from 'node:fs/promises';
import { join, posix, win32 } from 'node:path';
import {
  SettingsSchema,
  type CommandIssue,
  type Settings,
  type SettingsPatch,
  type Warning,
} from './contract.js';
import { errnoCode, writeFileAtomic } from './atomic-file.js';
import { deepFreeze } from './deep-freeze.js';

export const SETTINGS_FILE_NAME = 'settings.json';
/** A settings file is a few hundred bytes; anything this large is not ours. */
export const MAX_SETTINGS_BYTES = 256 * 1024;

export const DEFAULT_SETTINGS: Settings = deepFreeze(SettingsSchema.parse({}));

/**
 * The per-user folder for settings and caches. Pure: the caller passes `process.platform`,
 * `process.env` and `os.homedir()`. Paths use the target platform's separators.
 */
export function appDataDir(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA;
    return appData
      ? win32.join(appData, 'Beacon')
      : win32.join(home, 'AppData', 'Roaming', 'Beacon');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Beacon');
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && posix.isAbsolute(xdg)
    ? posix.join(xdg, 'beacon')
    : posix.join(home, '.config', 'beacon');
}

// ---------------------------------------------------------------------------------------------
// Secrets

const SECRET_KEY =
  /^(password|passwd|pwd|passphrase|secret|client[-_]?secret|(access|refresh|id)[-_]?token|credentials?|api[-_]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths (dot-joined) of every secret-looking key anywhere in `value`. */
export function findSecretKeys(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => findSecretKeys(v, path ? `${path}.${i}` : String(i)));
  }
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = path ? `${path}.${key}` : key;
    return isSecretKey(key) ? [here] : findSecretKeys(inner, here);
  });
}

/** A copy of `value` without secret-looking keys (at any depth). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !isSecretKey(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

// ---------------------------------------------------------------------------------------------
// Unknown keys (forward compatibility)

/**
 * What `raw` holds that the parsed settings do not: keys a newer version wrote. Compared level
 * by level, so an unknown key inside `account` is kept as well as one at the top.
 */
export function unknownKeys(raw: unknown, known: unknown): JsonObject | undefined {
  if (!isPlainObject(raw)) return undefined;
  const knownObject = isPlainObject(known) ? known : {};
  const extras: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === '__proto__') continue; // never carried: it could rewrite prototypes on merge
    if (!Object.hasOwn(knownObject, key)) extras.push([key, value]);
    else {
      const inner = unknownKeys(value, knownObject[key]);
      if (inner) extras.push([key, inner]);
    }
  }
  return extras.length > 0 ? Object.fromEntries(extras) : undefined;
}

/** `known` with `extras` filled in where `known` has nothing; known values always win. */
export function mergeUnknownKeys(known: JsonObject, extras: JsonObject | undefined): JsonObject {
  if (!extras) return known;
  const merged: [string, unknown][] = Object.entries(known).map(([key, value]) => {
    const extra = extras[key];
    return isPlainObject(value) && isPlainObject(extra)
      ? [key, mergeUnknownKeys(value, extra)]
      : [key, value];
  });
  for (const [key, value] of Object.entries(extras)) {
    if (!Object.hasOwn(known, key)) merged.push([key, value]);
  }
  return Object.fromEntries(merged);
}

// ---------------------------------------------------------------------------------------------
// Pure parse / serialise / update

export type ParsedSettings =
  | { kind: 'ok'; settings: Settings; extras: JsonObject | undefined; removedSecrets: string[] }
  | { kind: 'invalid'; reason: string };

export function parseSettingsText(text: string): ParsedSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON (${(error as Error).message})` };
  }
  if (!isPlainObject(raw)) return { kind: 'invalid', reason: 'not a JSON object' };
  const removedSecrets = findSecretKeys(raw);
  const clean = withoutSecrets(raw);
  const parsed = SettingsSchema.safeParse(clean);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : '';
    return { kind: 'invalid', reason: `invalid settings (${where})` };
  }
  return {
    kind: 'ok',
    settings: parsed.data,
    extras: unknownKeys(clean, parsed.data),
    removedSecrets,
  };
}

/** The file's text. Refuses (throws) rather than ever writing a secret-looking key. */
export function serializeSettings(settings: Settings, extras?: JsonObject): string {
  const known = SettingsSchema.parse(settings) as JsonObject;
  const document = mergeUnknownKeys(known, extras);
  const secrets = findSecretKeys(document);
  if (secrets.length > 0) {
    throw new Error(`Refusing to write secrets to the settings file: ${secrets.join(', ')}`);
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

export type SettingsUpdateResult =
  { ok: true; settings: Settings } | { ok: false; issues: CommandIssue[] };

/** Applies a validated patch (`null` clears an optional value) and checks the result whole. */
export function applySettingsUpdate(current: Settings, patch: SettingsPatch): SettingsUpdateResult {
  const account = withoutUndefined({
    ...current.account,
    ...patch.account,
    ewsUrl: patched(current.account.ewsUrl, patch.account?.ewsUrl),
    mailbox: patched(current.account.mailbox, patch.account?.mailbox),
    auth: patched(current.account.auth, patch.account?.auth),
    oauth: patched(current.account.oauth, patch.account?.oauth),
  });
  const next = withoutUndefined({
    ...current,
    account,
    presence: { ...current.presence, ...patch.presence },
    locale: patched(current.locale, patch.locale),
    voicemail: { ...current.voicemail, ...patch.voicemail },
    im: withoutUndefined({
      ...current.im,
      ...patch.im,
      address: patched(current.im.address, patch.im?.address),
      server: patched(current.im.server, patch.im?.server),
      port: patched(current.im.port, patch.im?.port),
    }),
    smtp: withoutUndefined({
      ...current.smtp,
      ...patch.smtp,
      host: patched(current.smtp.host, patch.smtp?.host),
      user: patched(current.smtp.user, patch.smtp?.user),
      from: patched(current.smtp.from, patch.smtp?.from),
    }),
    sharing: {
      api: { ...current.sharing.api, ...patch.sharing?.api },
      webhooks: { ...current.sharing.webhooks, ...patch.sharing?.webhooks },
      mqtt: withoutUndefined({
        ...current.sharing.mqtt,
        ...patch.sharing?.mqtt,
        url: patched(current.sharing.mqtt.url, patch.sharing?.mqtt?.url),
        username: patched(current.sharing.mqtt.username, patch.sharing?.mqtt?.username),
      }),
    },
  });

  const parsed = SettingsSchema.safeParse(next);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    })),
  };
}

/** The patched value: `undefined` keeps the current one, `null` clears it. */
function patched<T>(current: T | undefined, patch: T | null | undefined): T | undefined {
  return patch === undefined ? current : (patch ?? undefined);
}

function withoutUndefined(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** `settings.json.corrupt-2026-11-27T09-00-00-000Z`: sortable, and legal on Windows. */
export function corruptFileName(now: Date): string {
  return `${SETTINGS_FILE_NAME}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/** The Snapshot's warnings about the settings file; each shell words them in its language. */
export const settingsWarnings = {
  damaged: (keptAs: string): Warning => ({ kind: 'settings-damaged', keptAs }),
  // The code is shown as is; anything unlike an errno code must not break the Snapshot's contract.
  unreadable: (code: string): Warning => ({
    kind: 'settings-unreadable',
    code: /^[A-Za-z0-9_-]{1,40}$/.test(code) ? code : 'error',
  }),
  secretsRemoved: (): Warning => ({ kind: 'secrets-removed' }),
};

// ---------------------------------------------------------------------------------------------
// The file

export interface LoadedSettings {
  settings: Settings;
  /** For the Snapshot's `warnings`. */
  warnings: Warning[];
}

export interface SettingsFileOptions {
  now?: () => Date;
}

export class SettingsFile {
  readonly path: string;
  private extras: JsonObject | undefined;
  private current: Settings = DEFAULT_SETTINGS;
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    options: SettingsFileOptions = {},
  ) {
    this.path = join(dir, SETTINGS_FILE_NAME);
    this.now = options.now ?? (() => new Date());
  }

  get settings(): Settings {
    return this.current;
  }

  async load(): Promise<LoadedSettings> {
    this.extras = undefined;
    this.current = DEFAULT_SETTINGS;
    let text: string;
    try {
      const info = await stat(this.path);
      if (info.size > MAX_SETTINGS_BYTES) return await this.keepAside();
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT') return { settings: DEFAULT_SETTINGS, warnings: [] };
      return {
        settings: DEFAULT_SETTINGS,
        warnings: [settingsWarnings.unreadable(code ?? 'error')],
      };
    }

    const parsed = parseSettingsText(text);
    if (parsed.kind === 'invalid') return this.keepAside();

    this.current = parsed.settings;
    this.extras = parsed.extras;
    if (parsed.removedSecrets.length === 0) return { settings: parsed.settings, warnings: [] };
    // Take the secret off the disk now, not at the next save.
    await this.save(parsed.settings);
    return { settings: parsed.settings, warnings: [settingsWarnings.secretsRemoved()] };
  }

  /** Writes `settings` (plus the unknown keys read at load). Saves run one after another. */
  save(settings: Settings): Promise<void> {
    const text = serializeSettings(settings, this.extras);
    const write = this.writes.then(() => writeFileAtomic(this.path, text));
    // A failed write must not block the next one; the caller still sees its own failure.
    this.writes = write.catch(() => undefined);
    return write.then(() => {
      this.current = SettingsSchema.parse(settings);
    });
  }

  private async keepAside(): Promise<LoadedSettings> {
    const keptAs = corruptFileName(this.now());
    try {
      await rename(this.path, join(this.dir, keptAs));
    } catch (error) {
      return {
        settings: DEFAULT_SETTINGS,
        warnings: [settingsWarnings.unreadable(errnoCode(error) ?? 'error')],
      };
    }
    return { settings: DEFAULT_SETTINGS, warnings: [settingsWarnings.damaged(keptAs)] };
  }
}
