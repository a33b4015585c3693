import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { CopyOutBlocks, dropConnection, type ServerVersion } from '../../engines/index.js';
import { errnoOf, fileErrorReason, fromPostgresError, phrase, ToolError } from '../../errors/index.js';
import {
  BackupWriter,
  checkNewPassphrase,
  type EncryptionKeys,
  type Footer,
  isEncrypting,
  type Manifest,
} from '../../format/index.js';
import type { PendingObject, Repository } from '../../repository/index.js';
import { AtomicFile, atomicTempPath } from '../../storage/atomic-write.js';
import { checkOutputTarget, makeFolder, newFileTarget, requireWritableFolder } from '../../storage/folders.js';
import { findAdministration, withSystemDb } from '../administrations/find-administration.js';
import type { KluisContext } from '../context.js';
import { formatAdminNumber } from '../domain/administration-ref.js';
import { crashPoint } from '../journal/crash-points.js';
import { beginOperation, interruptedError, isConnectionLoss, type Operation } from '../journal/operation-journal.js';
import type { ProgressListener } from '../progress.js';
import { isRepositoryLocation, type OpenedLocation, openLocation } from '../repositories/index.js';
import { type AdministrationRecord, SystemDb } from '../system-db/system-db.js';
import { kluisVersion } from '../version.js';
import { buildManifest, licenceAndUsers, tableSources } from './contents.js';
import { defaultBackupName, freePath } from './file-name.js';
import { beginSnapshot, joinSnapshot, type Snapshot, type SnapshotTable } from './snapshot.js';

export interface CreateBackupInput {
  /** Administration number or name. */
  readonly adm: string;
  /** A file, an existing folder, or "-" (then `stream` receives the file). Default: the home's backup folder. */
  readonly output?: string;
  readonly stream?: Writable;
  readonly encryption?: EncryptionKeys;
  /** Tables dumped at once (default 2). */
  readonly parallel?: number;
  /**
   * Compress on the process's codec workers even when the administration is
   * small. `backup all` starts them once for the whole run, and their blocks
   * circulate; compressing on the main thread instead made garbage with every
   * backup, and the peak memory of a run grew with its length (CI: 94 MiB for
   * 20 administrations, 118 MiB for 80).
   */
  readonly sharedCodecs?: boolean;
  readonly onProgress?: ProgressListener;
  readonly scryptWorkFactor?: number;
  /** Record the file in the backup history (default true; a streamed copy is no backup). */
  readonly recordHistory?: boolean;
  /** Told the journal id once the administration is locked (a copy takes the lock over). */
  readonly onJournaled?: (operationId: string) => void;
  /**
   * An open system database connection and the server's version to use
   * instead of opening and asking for them (backup all makes many backups
   * in a row: two connections less each). The connection is not closed.
   */
  readonly session?: { readonly sys: SystemDb; readonly version: ServerVersion };
  /** The backup is one step of another operation (a hand-out), journaled as that operation. */
  readonly within?: BackupWithin;
  /**
   * What the file carries instead of the administration's tables (a change
   * package): given the snapshot and the manifest a backup would have, the
   * manifest to write, the tables and each one's COPY, read in the snapshot.
   */
  readonly contents?: (snapshot: Snapshot, manifest: Manifest) => Promise<FileContents>;
  /** The file's standard name in a folder, instead of a backup's. */
  readonly fileName?: (backupName: string) => string;
  /** What the file holds when it is no backup, as the journal records it (recover's words for it). */
  readonly contentsKind?: 'changes';
}

/**
 * A backup made as one step of another journaled operation (a hand-out):
 * that operation is journaled and locks the administration in the backup's
 * place, with the backup's target in its plan (recover settles the file
 * exactly as a backup's), and makes its own change to the books between
 * the journal and the snapshot, so the backup carries it. One operation,
 * one lock: there is no second journal entry to find the administration
 * "in use" by.
 */
export interface BackupWithin {
  /** Journals the operation and locks the administration, once the backup's target is known. */
  begin(
    sys: SystemDb,
    record: AdministrationRecord,
    target: { readonly location: string; readonly partial: string | null },
  ): Promise<Operation>;
  /** After the journal, before the snapshot: the operation's own change (committed), which the backup carries. */
  prepare?(op: Operation, record: AdministrationRecord): Promise<void>;
  /** Undoes what `prepare` did when the backup is abandoned before its file was complete. */
  undo?(record: AdministrationRecord): Promise<void>;
}

/** The tables a file carries and what each one's COPY reads (COPY … TO STDOUT (FORMAT binary)). */
export interface FileContents {
  readonly manifest: Manifest;
  readonly tables: readonly SnapshotTable[];
  readonly sources: readonly string[];
}

export interface BackupResult {
  /** Absolute path, or "-" for standard output. */
  readonly location: string;
  readonly sizeBytes: number;
  readonly manifest: Manifest;
  readonly footer: Footer;
  readonly seconds: number;
}

/**
 * Below this many bytes of tables (the demo's administration has 6 MB) a
 * backup dumps on the snapshot's own connection alone and compresses on
 * the main thread: a second session joining the snapshot and two codec
 * worker threads (each a new V8 isolate loading zstd) cost more than the
 * few milliseconds of compression they would take off it.
 */
const smallBackupBytes = 16 * 1024 * 1024;

/**
 * Where the backup goes: standard output, a file on this computer, or a
 * file in a repository (object storage, a named repository). `open` starts
 * the file; `journal` is told where its incomplete bytes will be before
 * anything exists there.
 */
interface Target {
  readonly location: string;
  open?(journal: (partial: string) => Promise<void>): Promise<PendingObject>;
}

/** A file on this computer: written under a hidden temporary name and linked into place when complete. */
function fileTarget(location: string): Target {
  return {
    location,
    async open(journal) {
      const temp = atomicTempPath(location);
      await journal(temp);
      const file = AtomicFile.create(location, { mode: 0o600, replace: false, temp });
      return { stream: file.stream(), partial: temp, commit: () => file.commit(), abort: async () => file.abort() };
    },
  };
}

/** `name` in the repository, or name-2, name-3, … when one of that name is there. */
async function freeName(repository: Repository, name: string): Promise<string> {
  const base = name.replace(/\.ebu$/, '');
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${base}-${i}.ebu`;
    if (!(await repository.stat(candidate))) return candidate;
  }
}

async function repositoryTarget(place: OpenedLocation, defaultName: string): Promise<Target> {
  const { repository } = place;
  const name = place.name ?? (await freeName(repository, defaultName));
  return { location: repository.locationOf(name), open: (journal) => repository.create(name, { journal }) };
}

/**
 * Where the backup goes, proved writable before anything is journaled or
 * read: an existing folder or a name ending in "/" gets the standard name in
 * it, a file name must be new in an existing folder; a repository place gets
 * the standard name (made free), a repository file must be new.
 */
async function resolveTarget(
  ctx: KluisContext,
  input: Pick<CreateBackupInput, 'output'>,
  defaultName: string,
  place: OpenedLocation | undefined,
): Promise<Target> {
  if (input.output === '-') return { location: '-' };
  if (place) return repositoryTarget(place, defaultName);
  if (input.output === undefined)
    return fileTarget(freePath(requireWritableFolder(makeFolder(ctx.paths.backupsDir, 0o755)), defaultName));
  return fileTarget(newFileTarget(input.output, (folder) => freePath(folder, defaultName)));
}

/** The repository an output names (object storage or a named repository), checked writable; none for a path or "-". */
async function outputRepository(ctx: KluisContext, output: string | undefined): Promise<OpenedLocation | undefined> {
  if (output === undefined || output === '-' || !isRepositoryLocation(ctx.home, output)) return undefined;
  const place = openLocation(ctx.home, output);
  await place.repository.checkWritable();
  return place;
}

export async function createBackup(ctx: KluisContext, input: CreateBackupInput): Promise<BackupResult> {
  const started = Date.now();
  if (input.encryption?.passphrase !== undefined) checkNewPassphrase(input.encryption.passphrase);
  // An output that cannot be written is said before the server is even asked (the name in a folder needs it).
  const place = await outputRepository(ctx, input.output);
  if (!place && input.output !== undefined && input.output !== '-') checkOutputTarget(input.output);
  const sys = input.session?.sys ?? (await SystemDb.open(ctx.engine, ctx.systemDatabase));
  try {
    const record = await findAdministration(sys, input.adm);
    const version =
      input.session?.version ?? ctx.engine.reportedVersion(sys.client) ?? (await ctx.engine.serverVersion());
    const backupName = defaultBackupName(new Date(), kluisVersion(), version.major, record.name);
    const name = input.fileName ? input.fileName(backupName) : backupName;
    const target = await resolveTarget(ctx, input, name, place);
    const location = target.location;
    if (location === '-' && !input.stream) throw new Error('output "-" needs a stream');
    let op: Operation | undefined;
    const within = input.within;
    const journal = async (partial: string | null) => {
      op = within
        ? await within.begin(sys, record, { location, partial })
        : await beginOperation(sys, 'backup', record.number, {
            location,
            partial,
            ...(input.contentsKind ? { contents: input.contentsKind } : {}),
          });
      input.onJournaled?.(op.id);
    };
    // The journal names where the incomplete bytes will be before they exist (a temporary file, an upload).
    let file: PendingObject | undefined;
    try {
      file = target.open ? await target.open(journal) : undefined;
    } catch (err) {
      // Journaled, then the file could not be started (a full disk, a store gone): the operation ends here.
      if (op) throw await op.abandon(backupFailure(ctx, err, undefined, location), async () => undefined);
      throw err;
    }
    if (!file) await journal(null);
    if (!op) throw new Error('the backup was not journaled');
    const operation = op;
    let snapshot: Snapshot | undefined;
    let writer: BackupWriter | undefined;
    /** Set once the file is complete under its name: from then on the backup is finished, not undone. */
    let written: (() => Promise<BackupResult>) | undefined;
    try {
      await within?.prepare?.(operation, record);
      snapshot = await beginSnapshot(ctx.engine, record.databaseName);
      const backupManifest = await buildManifest(ctx, snapshot, version, input);
      const contents: FileContents = input.contents
        ? await input.contents(snapshot, backupManifest)
        : {
            manifest: backupManifest,
            tables: snapshot.tables,
            sources: tableSources(snapshot, backupManifest.handBack !== undefined),
          };
      const manifest = contents.manifest;
      await operation.phase('snapshot');
      const out: Writable = file ? file.stream : input.stream!;
      const small = contents.tables.reduce((n, t) => n + t.estimatedBytes, 0) < smallBackupBytes;
      writer = BackupWriter.open(out, manifest, {
        ...(input.encryption ? { encryption: input.encryption } : {}),
        ...(input.scryptWorkFactor ? { scryptWorkFactor: input.scryptWorkFactor } : {}),
        ...(small && !input.sharedCodecs ? { codecPool: null } : {}),
      });
      await dumpTables(ctx, record.databaseName, snapshot, contents, writer, {
        ...input,
        parallel: input.parallel ?? (small ? 1 : 2),
      });
      await snapshot.close();
      snapshot = undefined;
      const footer = await writer.finish();
      const sizeBytes = writer.bytesWritten;
      await file?.commit();
      // Test hook: the file is complete under its name, the journal does not know yet.
      await crashPoint(ctx.engine, operation.kind, 'committed');
      written = async () => {
        if (input.recordHistory !== false)
          await recordHistory(
            sys,
            record.number,
            manifest,
            footer,
            location,
            sizeBytes,
            isEncrypting(input.encryption),
          );
        await operation.finish();
        return { location, sizeBytes, manifest, footer, seconds: (Date.now() - started) / 1000 };
      };
      await operation.phase('written');
      return await written();
    } catch (err) {
      await snapshot?.close();
      if (written) {
        // The server went away after the file was complete: record it, as recover would.
        try {
          await sys.reconnect();
          return await written();
        } catch (again) {
          throw isConnectionLoss(again) ? interruptedError(ctx.engine.name, operation, err) : again;
        }
      }
      await file?.abort(err instanceof Error ? err : undefined);
      // The output's own failure first: ending the COPY it stopped also breaks a connection.
      throw await operation.abandon(backupFailure(ctx, err, writer?.outputError, location), async () =>
        within?.undo?.(record),
      );
    }
  } finally {
    if (!input.session) await sys.close();
  }
}

/**
 * What went wrong, as the person should hear it: the output that could not
 * be written (a full disk, a closed pipe, a file that could not be synced or
 * renamed), or else the server.
 */
function backupFailure(ctx: KluisContext, err: unknown, outputError: Error | undefined, location: string): ToolError {
  if (err instanceof ToolError) return err;
  // The repository's own coded error (an upload refused, a store gone), not the stream's.
  if (outputError instanceof ToolError) return outputError;
  const fileError =
    outputError ?? ((err as NodeJS.ErrnoException).path !== undefined && errnoOf(err) ? err : undefined);
  if (fileError) {
    // A pipe whose reader quit: the reader's own message says why, and there is no space or permission to check.
    if (location === '-' && errnoOf(fileError) === 'EPIPE')
      return new ToolError('BACKUP_PIPE_CLOSED', {}, { cause: fileError });
    const path = location === '-' ? phrase('STANDARD_OUTPUT') : location;
    return new ToolError('BACKUP_WRITE_FAILED', { path, reason: fileErrorReason(fileError) }, { cause: fileError });
  }
  return fromPostgresError(err, ctx.engine.name, ctx.engine.describe().target, 'query');
}

export interface BackupPlan extends Pick<Manifest, 'licence' | 'users' | 'handBack'> {
  readonly number: number;
  readonly name: string;
  /** The file that would be written now. */
  readonly location: string;
}

/** What a backup would write and carry (the summary screen), without writing anything. */
export async function planBackup(
  ctx: KluisContext,
  input: Pick<CreateBackupInput, 'adm' | 'output' | 'fileName'>,
): Promise<BackupPlan> {
  const record = await withSystemDb(SystemDb.open(ctx.engine, ctx.systemDatabase), (sys) =>
    findAdministration(sys, input.adm),
  );
  const version = await ctx.engine.serverVersion();
  const backupName = defaultBackupName(new Date(), kluisVersion(), version.major, record.name);
  // A change package is named after the backup it stands beside (…-wijzigingen.ebu).
  const defaultName = input.fileName ? input.fileName(backupName) : backupName;
  const place = await outputRepository(ctx, input.output);
  const { location } = await resolveTarget(ctx, input, defaultName, place);
  const c = await ctx.engine.connect(record.databaseName);
  try {
    return { number: record.number, name: record.name, location, ...(await licenceAndUsers(c)) };
  } finally {
    await c.end();
  }
}

/**
 * Dumps every table under the snapshot, `parallel` at a time, largest
 * first. The first failure, wherever it comes from (the output, a COPY, a
 * connection), stops the whole dump: the writer is aborted so no worker
 * waits on it, and every worker's connection is dropped at once, because a
 * COPY nobody reads any more would otherwise keep its session open on the
 * server for ever.
 */
async function dumpTables(
  ctx: KluisContext,
  database: string,
  snapshot: Snapshot,
  contents: FileContents,
  writer: BackupWriter,
  input: CreateBackupInput,
): Promise<void> {
  const { tables, sources } = contents;
  const order = tables.map((t, i) => ({ t, i })).sort((a, b) => b.t.estimatedBytes - a.t.estimatedBytes);
  const total = tables.reduce((n, t) => n + t.estimatedBytes, 0);
  let done = 0;
  let tablesDone = 0;
  let rows = 0;
  const report = () =>
    input.onProgress?.({
      step: 'backup',
      done: Math.min(done, total),
      total,
      detail: {
        tables: tables.length,
        tablesDone,
        rows,
        bytes: Math.min(done, total),
        bytesTotal: total,
        bytesWritten: writer.bytesWritten,
      },
    });
  const clients: pg.Client[] = [];
  let failure: { error: unknown } | undefined;
  const fail = (err: unknown) => {
    if (failure) return;
    failure = { error: err };
    writer.abort(err instanceof Error ? err : new Error(String(err)));
    for (const c of clients) dropConnection(c);
  };
  // The first worker dumps on the connection that exported the snapshot (it sees exactly that snapshot,
  // and snapshot.close ends it); each other one joins the snapshot on a connection of its own.
  const work = async (first: boolean): Promise<void> => {
    const client = first ? snapshot.client : await joinSnapshot(ctx.engine, database, snapshot.id);
    clients.push(client);
    if (failure) return dropConnection(client);
    try {
      for (let next = order.shift(); next && !failure; next = order.shift()) {
        const copy = client.query(new CopyOutBlocks(sources[next.i]!, () => writer.blockBuffer()));
        copy.on('data', (chunk: Buffer) => {
          done += chunk.length;
          report();
        });
        await pipeline(copy, writer.tableSink(next.i));
        const count = await copy.rowCount;
        await writer.endTable(next.i, count);
        rows += count;
        tablesDone++;
        report();
      }
    } catch (err) {
      fail(err);
      return;
    }
    if (failure || first) return;
    await client.query('commit').catch(() => undefined);
    await client.end().catch(() => undefined);
  };
  const workers = Math.max(1, Math.min(input.parallel ?? 2, order.length));
  await Promise.all(Array.from({ length: workers }, (_, i) => work(i === 0).catch(fail)));
  if (failure) throw failure.error;
}

async function recordHistory(
  sys: SystemDb,
  number: number,
  manifest: Manifest,
  footer: Footer,
  location: string,
  sizeBytes: number,
  encrypted: boolean,
): Promise<void> {
  await sys.recordBackup({
    number,
    manifest,
    location,
    sizeBytes,
    details: {
      format: manifest.format,
      kluisVersion: manifest.kluisVersion,
      server: manifest.server,
      encrypted,
      rawBytes: footer.rawBytes,
      adm: formatAdminNumber(number),
    },
  });
}
