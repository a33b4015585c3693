/**
 * Where `backup all` puts its files: one or more repositories, given as
 * locations (`--to`). The first is written from the database; every other
 * one gets a copy of the finished file (copy-stored.ts), so the snapshot is
 * held no longer than one write takes and a slow off-site store does not
 * keep an administration locked. Without a location, the home's backup folder.
 */
import type { Repository } from '../../../repository/index.js';
import { makeFolder } from '../../../storage/folders.js';
import type { KluisContext } from '../../context.js';
import { repositoryFor } from '../../repositories/index.js';

export interface Destination {
  /** As given (or the backup folder), for createBackup's output. */
  readonly location: string;
  readonly repository: Repository;
}

/**
 * Every destination, each proved writable before any administration is
 * touched; the same location twice is one destination.
 */
export async function openDestinations(ctx: KluisContext, locations: readonly string[]): Promise<Destination[]> {
  const given = locations.length ? locations : [makeFolder(ctx.paths.backupsDir, 0o755)];
  const destinations: Destination[] = [];
  for (const location of given) {
    const repository = repositoryFor(ctx.home, location);
    if (destinations.some((d) => d.repository.url === repository.url)) continue;
    await repository.checkWritable();
    // A folder as its absolute path; object storage and named repositories as given, for createBackup to open.
    destinations.push({ location: repository.kind === 'folder' ? repository.url : location, repository });
  }
  return destinations;
}

/** The file name inside its repository of a location createBackup returned (a path or an object's address). */
export function fileNameOf(location: string): string {
  return location.slice(location.lastIndexOf('/') + 1);
}
