/**
 * Files a person names to the shells: the backup or auditfile to read, a
 * secret, a small file to write, a file written atomically (an upload). One set of checks for the CLI, the terminal
 * wizard and the web wizard (src/storage does the work).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { readFileError } from '../errors/index.js';
import { wholeFileStream } from '../format/index.js';
import { openOrdinaryFile } from '../storage/small-file.js';

export { AtomicFile } from '../storage/atomic-write.js';
export { namesFolder, writeSmallFile } from '../storage/folders.js';
export { checkOrdinaryFile, readSecretFile } from '../storage/small-file.js';

/**
 * A backup file (or auditfile) to read, as a stream. It must be an ordinary
 * file now: a folder, a device or a FIFO is refused at once with a coded
 * error, and a file that disappeared since it was chosen (a USB stick
 * pulled between the summary and Finish) is FILE_NOT_FOUND, never an errno.
 * The file is opened here, before the stream exists, so there is no later
 * open to fail; a read that fails later (the stick pulled mid-way) ends the
 * stream with a coded error too. Destroying the stream closes the file,
 * whether or not it was ever read.
 */
export function openBackupFile(path: string): Readable {
  const { fd } = openOrdinaryFile(path);
  const file = createReadStream(path, { fd, highWaterMark: 1 << 20 });
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of file) yield chunk as Buffer;
    } catch (err) {
      throw readFileError(err, path);
    }
  }
  const stream = Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 20 });
  stream.once('close', () => file.destroy());
  // The backup reader reads it positionally instead, each block straight into the memory it goes to
  // (format/byte-reader.ts): through this stream's chunks a verify of L took a fifth longer.
  wholeFileStream(stream, fd, path);
  return stream;
}
