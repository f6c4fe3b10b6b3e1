/** Start at login on Linux: the XDG autostart entry on disk, written whole or not at all. */
import { readFile, rm } from 'node:fs/promises';
import { errnoCode, writeFileAtomic } from '../../core/atomic-file.js';
import { autostartEntryIsActive } from './autostart-entry.js';

export interface LinuxAutostart {
  isEnabled(): Promise<boolean>;
  setEnabled(on: boolean): Promise<void>;
}

export function createLinuxAutostart(options: {
  filePath: string;
  content: string;
}): LinuxAutostart {
  const { filePath, content } = options;
  return {
    async isEnabled() {
      try {
        return autostartEntryIsActive(await readFile(filePath, 'utf8'));
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return false;
        throw error;
      }
    },
    async setEnabled(on) {
      // Writing also replaces an entry switched off in place, or one naming an old path.
      if (on) await writeFileAtomic(filePath, content);
      else await rm(filePath, { force: true });
    },
  };
}
