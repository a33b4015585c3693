/**
 * The database directory and server folder (SPEC §1): where an
 * administration's files go. On PostgreSQL that is a tablespace.
 *
 * - Embedded server: the database directory is used directly; kluis makes a
 *   "kluis-data" folder in it for the server's account.
 * - Other server: the tablespace is created at the server folder (as the
 *   server sees it), but only after proving that the database directory (as
 *   this computer sees it) is the same folder: a marker file written through
 *   the one must be listed through the other.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chownSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Engine, quoteIdent, quoteLiteral } from '../../engines/index.js';
import { folderRefusal, folderWriteError, phrase, ToolError } from '../../errors/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder, requireWritableFolder } from '../../storage/folders.js';

export interface PlacementInput {
  readonly databaseDir?: string;
  readonly serverFolder?: string;
}

export interface Placement {
  readonly directory: string;
  readonly tablespace: string;
  readonly location: string;
}

/** The database directory: an existing folder kluis can write in (it makes kluis-data, or a marker, there). */
function mustBeFolder(path: string): string {
  return requireWritableFolder(path);
}

function tablespaceName(location: string): string {
  return `kluis_ts_${createHash('sha256').update(location).digest('hex').slice(0, 12)}`;
}

/** Checks the input without changing anything; undefined when no directory was asked for. */
export function checkPlacementInput(engine: Engine, input: PlacementInput, command = 'backup restore'): void {
  // On "My computer" kluis and the server see the same folders; a server folder there would be silently meaningless.
  if (engine.kind === 'embedded' && input.serverFolder) {
    throw new ToolError('USAGE_BAD_ARGUMENTS', {
      command,
      reason: phrase('SERVER_FOLDER_ON_MY_COMPUTER'),
    });
  }
  if (!input.databaseDir) {
    if (input.serverFolder)
      throw new ToolError('USAGE_BAD_ARGUMENTS', {
        command,
        reason: phrase('SERVER_FOLDER_WITHOUT_DATABASE_DIR'),
      });
    return;
  }
  mustBeFolder(input.databaseDir);
  if (engine.kind === 'server' && !input.serverFolder) {
    throw new ToolError('USAGE_MISSING_ARGUMENT', { command, argument: '--server-folder' });
  }
}

/**
 * The checks a wizard runs before Next: the database directory exists and,
 * on a server, the server folder is the same folder. Changes nothing (the
 * marker file is removed again).
 */
export async function checkPlacement(engine: Engine, input: PlacementInput): Promise<void> {
  checkPlacementInput(engine, input);
  if (input.databaseDir && engine.kind === 'server')
    await proveSameFolder(engine, mustBeFolder(input.databaseDir), resolve(input.serverFolder!));
}

/** Creates (or reuses) the tablespace for the chosen folder; undefined when none was asked for. */
export async function preparePlacement(engine: Engine, input: PlacementInput): Promise<Placement | undefined> {
  if (!input.databaseDir) return undefined;
  const directory = mustBeFolder(input.databaseDir);
  const caps = await engine.capabilities();
  if (!caps.createTablespace) {
    throw new ToolError('TABLESPACE_NEEDS_SUPERUSER');
  }
  let location: string;
  if (engine.kind === 'embedded') {
    location = join(directory, 'kluis-data');
    makeFolder(location, 0o700);
    const account = await embeddedAccountOf(engine);
    if (account) chownSync(location, account.uid, account.gid);
  } else {
    location = resolve(input.serverFolder!);
    await proveSameFolder(engine, directory, location);
  }
  const name = tablespaceName(location);
  const c = await engine.connect('postgres');
  try {
    const existing = await c.query<{ loc: string }>(
      'select pg_tablespace_location(oid) as loc from pg_tablespace where spcname = $1',
      [name],
    );
    if (existing.rowCount === 0) {
      try {
        await c.query(`create tablespace ${quoteIdent(name)} location ${quoteLiteral(location)}`);
      } catch (err) {
        throw new ToolError('DIRECTORY_NOT_USABLE', { path: location, reason: folderRefusal(err) }, { cause: err });
      }
    }
  } finally {
    await c.end();
  }
  return { directory, tablespace: name, location };
}

/** The uid/gid the embedded server runs as (the owner of its data folder), when kluis is root. */
async function embeddedAccountOf(engine: Engine): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const c = await engine.connect('postgres');
  try {
    const dir = (await c.query<{ d: string }>(`select current_setting('data_directory') as d`)).rows[0]!.d;
    const st = statSync(dir);
    return { uid: st.uid, gid: st.gid };
  } finally {
    await c.end();
  }
}

async function proveSameFolder(engine: Engine, directory: string, serverFolder: string): Promise<void> {
  const marker = `kluis-marker-${randomUUID()}`;
  const markerPath = join(directory, marker);
  try {
    writeFileAtomic(markerPath, 'kluis\n', { replace: false, durable: false }); // a probe, removed below
  } catch (err) {
    throw folderWriteError(err, directory);
  }
  try {
    const c = await engine.connect('postgres');
    let seen = false;
    try {
      const r = await c.query<{ f: string }>('select pg_ls_dir($1) as f', [serverFolder]);
      seen = r.rows.some((row) => row.f === marker);
    } catch (err) {
      // The server cannot list it at all: a missing folder or one its account may not enter.
      throw new ToolError('DIRECTORY_NOT_USABLE', { path: serverFolder, reason: folderRefusal(err) }, { cause: err });
    } finally {
      await c.end();
    }
    if (!seen) throw new ToolError('FOLDERS_DIFFER', { directory, serverFolder });
  } finally {
    rmSync(markerPath, { force: true });
  }
}
