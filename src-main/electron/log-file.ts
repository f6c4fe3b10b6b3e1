/**
 * The desktop app's log: `<data folder>/logs/main.log`, rotated at 1 MB. The rotation lives in
 * the core (the web shell writes the same kind of log); this is the desktop's name for it.
 */
export { createFileLog, LOG_ROTATE_BYTES, type Log } from '../core/log-file.js';
