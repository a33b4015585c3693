/**
 * Gives a real backup file another moment: its manifest's createdAt (and,
 * when asked, its fiscal years) changed and the file put together again with
 * a fresh hash chain and trailer (ebu-surgery.ts), so it reads and verifies
 * like any backup made at that moment. Retention tests need backups spread
 * over days, months and years; the data stay those of a real backup.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decompressBlock } from '../../src/format/codec.js';
import { Codec } from '../../src/format/constants.js';
import type { Manifest } from '../../src/format/index.js';
import { putTogether, takeApart } from './ebu-surgery.js';

/**
 * @param fiscalYears new fiscal-year facts; null removes them (a file of a kluis
 *   before they were recorded); undefined keeps what the backup wrote
 */
export function redate(path: string, createdAt: string, fiscalYears?: Manifest['fiscalYears'] | null): void {
  const file = takeApart(readFileSync(path));
  const frame = file.frames[0]!;
  const text = decompressBlock(frame.codec, frame.payload, frame.rawLength).toString('utf8');
  const manifest = JSON.parse(text) as Record<string, unknown>;
  manifest['createdAt'] = createdAt;
  if (fiscalYears === null) delete manifest['fiscalYears'];
  else if (fiscalYears !== undefined) manifest['fiscalYears'] = fiscalYears;
  frame.payload = Buffer.from(JSON.stringify(manifest));
  frame.codec = Codec.stored;
  frame.rawLength = frame.payload.length;
  writeFileSync(path, putTogether(file));
}
