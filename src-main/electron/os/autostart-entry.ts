/**
 * Start at login on Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/beacon.desktop`,
 * written by the rules of the Desktop Entry Specification so that any path (spaces, quotes, `%`,
 * backslashes) survives the session manager's unescaping, unquoting and field-code expansion.
 */
import { posix } from 'node:path';

export interface AutostartEntry {
  execPath: string;
  args: string[];
  name: string;
  comment: string;
  icon?: string;
}

export const AUTOSTART_FILE_NAME = 'beacon.desktop';

export function autostartDesktopEntry(entry: AutostartEntry): string {
  const exec = [entry.execPath, ...entry.args].map(quoteArgument).join(' ');
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${escapeValue(entry.name)}`,
    `Comment=${escapeValue(entry.comment)}`,
    `Exec=${escapeValue(exec)}`,
    ...(entry.icon === undefined ? [] : [`Icon=${escapeValue(entry.icon)}`]),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** The spec's reserved characters: an argument holding any of them must be quoted. */
const RESERVED = /[ \t\n\r"'\\><~|&;$*?#()`]/;

/**
 * `%` is a field-code prefix, so a literal one is `%%`. Inside double quotes, `"`, `` ` ``, `$`
 * and `\` take a backslash. Quoting is undone before field codes are expanded.
 */
function quoteArgument(arg: string): string {
  const literal = arg.replaceAll('%', '%%');
  if (literal !== '' && !RESERVED.test(literal)) return literal;
  return `"${literal.replace(/["`$\\]/g, '\\$&')}"`;
}

/** The string-value escapes, applied last (so a quoted backslash ends up as four). */
function escapeValue(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\t', '\\t')
    .replaceAll('\r', '\\r');
  // Leading spaces would be trimmed from the value.
  return escaped.replace(/^ /, '\\s');
}

/**
 * The entry's path. A relative XDG_CONFIG_HOME is invalid and must be ignored (XDG Base Directory
 * Specification); the default is ~/.config.
 */
export function autostartFilePath(env: NodeJS.ProcessEnv, home: string): string {
  const configured = env.XDG_CONFIG_HOME;
  const configHome =
    configured !== undefined && posix.isAbsolute(configured)
      ? configured
      : posix.join(home, '.config');
  return posix.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * What to start: an AppImage runs from a temporary mount that changes every launch, so the entry
 * must name the AppImage file itself, which its runtime puts in APPIMAGE.
 */
export function autostartExecPath(env: NodeJS.ProcessEnv, execPath: string): string {
  const appImage = env.APPIMAGE;
  return appImage !== undefined && posix.isAbsolute(appImage) ? appImage : execPath;
}

/**
 * Whether an entry starts anything: desktops switch one off in place (GNOME's startup
 * applications write `X-GNOME-Autostart-enabled=false`; `Hidden=true` means deleted).
 */
export function autostartEntryIsActive(content: string): boolean {
  let inMainGroup = false;
  for (const rawLine of content.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    if (!inMainGroup) continue;
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (key === 'Hidden' && value === 'true') return false;
    if (key === 'X-GNOME-Autostart-enabled' && value === 'false') return false;
  }
  return true;
}
