/**
 * verify, inspect and history: reading backups without touching a database,
 * and listing the backups this installation made.
 */
import { existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Engine } from '../../engines/index.js';
import { asToolError, type Localized, renderMessage } from '../../errors/index.js';
import {
  BackupReader,
  type DecryptionKeys,
  type Footer,
  type Manifest,
  rangedStream,
  readFooter,
  readFooterFromFile,
  type SeekableBackup,
} from '../../format/index.js';
import { isObjectStoreLocation } from '../../repository/index.js';
import type { KluisContext } from '../context.js';
import { repositoryFor } from '../repositories/index.js';
import { listServers, openEngine } from '../servers/server-registry.js';
import { SystemDb } from '../system-db/system-db.js';

export interface VerifyResult {
  readonly manifest: Manifest;
  readonly footer: Footer;
  readonly bytes: number;
  readonly seconds: number;
}

/** Reads every byte and checks every checksum; writes nothing. */
export async function verifyBackup(source: Readable, path: string, keys?: DecryptionKeys): Promise<VerifyResult> {
  const started = Date.now();
  const reader = await BackupReader.open(source, { path, ...(keys ? { keys } : {}) });
  const footer = await reader.verify();
  return { manifest: reader.manifest, footer, bytes: reader.bytesRead, seconds: (Date.now() - started) / 1000 };
}

export interface InspectResult {
  readonly manifest: Manifest;
  readonly encrypted: boolean;
  /** Per-table rows and bytes, when the footer could be read without reading the data. */
  readonly footer: Footer | null;
  readonly sizeBytes: number | null;
}

/**
 * The manifest (from the start of the file) and, for a plain file that can
 * be read anywhere, the footer (from its end): `seek` for an object in a
 * repository (ranged reads), a file on disk by its path; standard input has
 * no footer to show.
 */
export async function inspectBackup(
  source: Readable,
  path: string,
  keys?: DecryptionKeys,
  seek?: SeekableBackup,
): Promise<InspectResult> {
  // An object in a repository is read in ranges from its start, as far as the manifest goes: the whole-object
  // stream is dropped unread (it asks the store for nothing until it is read).
  const start = seek ? rangedStream(seek) : source;
  if (seek) source.destroy();
  let reader: BackupReader;
  try {
    reader = await BackupReader.open(start, { path, ...(keys ? { keys } : {}) });
    await reader.close();
  } finally {
    start.destroy();
  }
  const tables = reader.manifest.tables.map((t) => t.name);
  const onDisk = seek === undefined && path !== '-';
  const sizeBytes = seek ? seek.size : onDisk ? statSync(path).size : null;
  let footer: Footer | null = null;
  if (!reader.header.encrypted) {
    if (seek) footer = await readFooter(seek.read, seek.size, tables, path);
    else if (onDisk) footer = await readFooterFromFile(path, tables);
  }
  return { manifest: reader.manifest, encrypted: reader.header.encrypted, footer, sizeBytes };
}

export interface HistoryEntry {
  /** 1 = the newest backup. */
  readonly nr: number;
  readonly createdAt: string;
  readonly server: string;
  readonly administration: string;
  readonly adminNumber: string;
  readonly location: string;
  readonly sizeBytes: number;
  readonly transactions: number;
  readonly documents: number;
  readonly createdBy: string;
  /**
   * Whether the file is still there: `removed` by prune (when: `removedAt`),
   * `missing` (a file on this computer, or an object, that is gone
   * otherwise), `present`, or `unchecked` (object storage that was not
   * asked, or could not be asked just now).
   */
  readonly state: 'present' | 'removed' | 'missing' | 'unchecked';
  readonly removedAt: string | null;
}

/** What the history knows of where a file is: removed by prune, or else what a look at the file says. */
function fileState(location: string, removedAt: Date | null): HistoryEntry['state'] {
  if (removedAt) return 'removed';
  if (!location.startsWith('/')) return 'unchecked';
  return existsSync(location) ? 'present' : 'missing';
}

/** A server whose history could not be read: its name, and why, in the registry's words. */
export interface SkippedServer {
  readonly server: string;
  /** The error code (SERVER_UNREACHABLE, SERVER_AUTH_FAILED, SERVICE_NOT_FOUND, ...). */
  readonly reason: string;
  readonly message: Localized;
}

function skippedBecause(server: string, err: unknown): SkippedServer {
  const error = asToolError(err);
  return { server, reason: error.code, message: { nl: renderMessage(error, 'nl'), en: renderMessage(error, 'en') } };
}

/**
 * Backups made by this installation on every server it knows, newest first.
 * A server that cannot be read (unreachable, refusing the login, or wrongly
 * set up, such as a service that is not in any service file) is listed in
 * `skipped`; the others are still shown.
 */
export async function backupHistory(
  ctx: KluisContext,
  options: { readonly askStores?: boolean } = {},
): Promise<{ entries: HistoryEntry[]; skipped: SkippedServer[] }> {
  const rows: Array<Omit<HistoryEntry, 'nr'>> = [];
  const skipped: SkippedServer[] = [];
  const names = listServers(ctx.home).map((s) => s.name);
  if (!names.includes(ctx.engine.name)) names.unshift(ctx.engine.name);
  for (const name of names) {
    try {
      // Opening a server reads its settings (a service file, say), which can fail on its own.
      const engine = name === ctx.engine.name ? ctx.engine : openEngine(ctx.home, name);
      rows.push(...(await historyOf(engine, ctx)));
    } catch (err) {
      skipped.push(skippedBecause(name, err));
    }
  }
  rows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const known = options.askStores ? await storedObjects(ctx.home, rows) : new Map<string, boolean>();
  return {
    entries: rows.map((r, i) => {
      const there = known.get(r.location);
      return { nr: i + 1, ...r, ...(there === undefined ? {} : { state: there ? 'present' : 'missing' }) };
    }),
    skipped,
  };
}

/**
 * Whether each object the history names (and prune did not remove) is still
 * in its store: one listing per place, not a request per file. A place
 * that cannot be listed just now leaves its objects out (unchecked).
 */
async function storedObjects(
  home: string,
  rows: ReadonlyArray<Omit<HistoryEntry, 'nr'>>,
): Promise<Map<string, boolean>> {
  const places = new Map<string, string[]>();
  for (const r of rows) {
    if (r.state !== 'unchecked' || !isObjectStoreLocation(r.location)) continue;
    const place = r.location.slice(0, r.location.lastIndexOf('/') + 1);
    places.set(place, [...(places.get(place) ?? []), r.location]);
  }
  const known = new Map<string, boolean>();
  await Promise.all(
    [...places].map(async ([place, locations]) => {
      let names: Set<string>;
      try {
        names = new Set((await repositoryFor(home, place).list()).map((e) => e.name));
      } catch {
        return;
      }
      for (const location of locations) known.set(location, names.has(location.slice(place.length)));
    }),
  );
  return known;
}

async function historyOf(engine: Engine, ctx: KluisContext): Promise<Array<Omit<HistoryEntry, 'nr'>>> {
  if (engine.kind === 'embedded' && !(await engine.status()).running && engine !== ctx.engine) return [];
  const sys = await SystemDb.openExisting(engine, ctx.systemDatabase);
  if (!sys) return [];
  try {
    const r = await sys.client.query(`select * from backup_history order by created_at desc, id desc`);
    return r.rows.map((h) => ({
      createdAt: (h.created_at as Date).toISOString(),
      server: engine.name,
      administration: h.admin_name,
      adminNumber: String(h.admin_number).padStart(3, '0'),
      location: h.location,
      sizeBytes: Number(h.size_bytes),
      transactions: Number(h.transactions),
      documents: Number(h.documents),
      createdBy: h.created_by,
      state: fileState(h.location, h.removed_at),
      removedAt: h.removed_at ? (h.removed_at as Date).toISOString() : null,
    }));
  } finally {
    await sys.close();
  }
}
