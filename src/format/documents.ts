/**
 * The JSON documents of a backup file, checked against their schemas
 * (src/schema/manifest.ts, FORMAT.md sections 6 and 7) by every reader, and
 * by the writer before it writes one. A forger can recompute the chain, so
 * the chain alone proves nothing about them.
 */
import { phrase, ToolError } from '../errors/index.js';
import { parseWith } from '../schema/common.js';
import { footerSchema, manifestSchema, printableEverywhere } from '../schema/manifest.js';
import type { Footer, Manifest } from './manifest.js';

/**
 * A manifest is read before anything else and its words reach lists, plans
 * and terminals, and its table and column names reach SQL (quoted): it must
 * pass the manifest's schema whoever wrote the file, or the file is
 * BACKUP_DAMAGED, "its manifest is not valid".
 */
export function parseManifest(m: unknown, path: string): Manifest {
  const bad = () => new ToolError('BACKUP_DAMAGED', { path, reason: phrase('MANIFEST_INVALID') });
  if (!printableEverywhere(m)) throw bad();
  return parseWith(manifestSchema(), m, bad);
}

/**
 * The footer: per-table totals under table names as kluis's schema has
 * them, and file totals, every number a count. Its words reach terminals
 * and pages, so a footer that is anything else is `invalid()`, whichever
 * reader finds it.
 */
export function checkFooter(x: unknown, invalid: () => Error): Footer {
  return parseWith(footerSchema(), x, invalid);
}

/**
 * What kluis writes, every kluis must read: a manifest its own reader would
 * refuse is a fault in kluis, stopped before the file is begun.
 */
export function checkManifestToWrite(manifest: Manifest): void {
  try {
    parseManifest(JSON.parse(JSON.stringify(manifest)), '-');
  } catch {
    throw new ToolError('INTERNAL', { detail: 'the backup manifest about to be written does not pass its own schema' });
  }
}
