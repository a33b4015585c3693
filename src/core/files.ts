/**
 * Files a person names to the shells: the backup or auditfile to read, a
 * secret, a small file to write. One set of checks for the CLI, the terminal
 * wizard and the web wizard (src/storage does the work).
 */
import type { Readable } from 'node:stream';
import { readBackupFile } from '../format/index.js';
import { checkOrdinaryFile } from '../storage/small-file.js';

export { checkOrdinaryFile, readSecretFile } from '../storage/small-file.js';
export { writeSmallFile, namesFolder } from '../storage/folders.js';

/**
 * A backup file (or auditfile) to read, as a stream. It must be an ordinary
 * file now: a folder, a device or a FIFO is refused at once with a coded
 * error, and a file that disappeared since it was chosen (a USB stick
 * pulled between the summary and Finish) is FILE_NOT_FOUND, never an errno.
 */
export function openBackupFile(path: string): Readable {
  checkOrdinaryFile(path);
  return readBackupFile(path);
}
