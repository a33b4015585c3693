/**
 * Every phrase kluis composes into a message, merged from one file per area
 * in ./phrases/. docs/errors.md lists them; a test checks both languages use
 * the same placeholders and that no code is declared twice.
 */
import { backupFilePhrases } from './phrases/backup-file.js';

/** Each area's table, in the order they are merged. */
export const phraseAreas = [backupFilePhrases] as const;

export const phraseRegistry = {
  ...backupFilePhrases,
};
