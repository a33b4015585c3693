/**
 * Every phrase kluis composes into a message, merged from one file per area
 * in ./phrases/. docs/errors.md lists them; a test checks both languages use
 * the same placeholders and that no code is declared twice.
 */
import { backupFilePhrases } from './phrases/backup-file.js';
import { cloudPhrases } from './phrases/cloud.js';
import { exchangePhrases } from './phrases/exchange.js';
import { filePhrases } from './phrases/files.js';
import { inputPhrases } from './phrases/input.js';
import { recoverPhrases } from './phrases/recover.js';
import { restorePhrases } from './phrases/restore.js';
import { serverPhrases } from './phrases/server.js';
import { usagePhrases } from './phrases/usage.js';
import { xafPhrases } from './phrases/xaf.js';

/** Each area's table, in the order they are merged. */
export const phraseAreas = [
  backupFilePhrases,
  xafPhrases,
  exchangePhrases,
  recoverPhrases,
  cloudPhrases,
  restorePhrases,
  inputPhrases,
  filePhrases,
  usagePhrases,
  serverPhrases,
] as const;

export const phraseRegistry = {
  ...backupFilePhrases,
  ...xafPhrases,
  ...exchangePhrases,
  ...recoverPhrases,
  ...cloudPhrases,
  ...restorePhrases,
  ...inputPhrases,
  ...filePhrases,
  ...usagePhrases,
  ...serverPhrases,
};
