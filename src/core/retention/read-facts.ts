/**
 * What prune knows of one file in a repository: its manifest, read from the
 * front of the file in ranges (a ranged GET on object storage, never the
 * whole object), and whether the file is whole (its trailer, read from the
 * end, fits its size). Reads nothing else and writes nothing.
 */
import { asToolError, type Localized, phrase, renderMessage, ToolError } from '../../errors/index.js';
import { BackupReader, type DecryptionKeys, type Manifest, rangedStream, readFooter } from '../../format/index.js';
import type { Repository, RepositoryEntry } from '../../repository/index.js';
import type { BackupFacts } from './policy.js';

export interface FileFacts {
  readonly entry: RepositoryEntry;
  readonly location: string;
  readonly facts: BackupFacts;
  readonly manifest?: Manifest;
  /** Why the manifest could not be read, or why the file is damaged, in both languages. */
  readonly problem?: Localized;
}

const inBoth = (err: unknown): Localized => {
  const error = asToolError(err);
  return { nl: renderMessage(error, 'nl'), en: renderMessage(error, 'en') };
};

/** The group a backup counts in: the administration's identity and number (a restore keeps the identity). */
export function groupOf(m: Manifest): string {
  return `${m.administration.identity.toLowerCase()}/${m.administration.number}`;
}

/** Reads one file's facts; a file that cannot be read is `unreadable`, one cut short or lying about its end `damaged`. */
export async function readFileFacts(
  repository: Repository,
  entry: RepositoryEntry,
  keys: DecryptionKeys | undefined,
): Promise<FileFacts> {
  const location = repository.locationOf(entry.name);
  const source = rangedStream({
    size: entry.size,
    read: (start, length) => repository.readRange(entry.name, start, length),
  });
  let manifest: Manifest;
  let encrypted: boolean;
  try {
    const reader = await BackupReader.open(source, { path: location, ...(keys ? { keys } : {}) });
    manifest = reader.manifest;
    encrypted = reader.header.encrypted;
    await reader.close();
  } catch (err) {
    return { entry, location, facts: { name: entry.name, state: 'unreadable' }, problem: inBoth(err) };
  } finally {
    source.destroy();
  }
  if (!encrypted) {
    // The trailer of an encrypted file is inside the encryption; the manifest is what can be read of it.
    try {
      const read = (start: number, length: number) => repository.readRange(entry.name, start, length);
      const footer = await readFooter(
        read,
        entry.size,
        manifest.tables.map((t) => t.name),
        location,
      );
      if (footer === null)
        throw new ToolError('BACKUP_TRUNCATED', { path: location, where: phrase('ENDS_BEFORE_CLOSING_PART') });
    } catch (err) {
      return { entry, location, manifest, facts: { name: entry.name, state: 'damaged' }, problem: inBoth(err) };
    }
  }
  // An accountant's change package is no backup of anything: kept and reported, never counted or pruned.
  if (manifest.changes) {
    const err = new ToolError('CHANGES_IS_PACKAGE', { path: location, name: manifest.administration.name });
    return { entry, location, manifest, facts: { name: entry.name, state: 'unreadable' }, problem: inBoth(err) };
  }
  const moment = new Date(manifest.createdAt);
  // A moment the rules cannot place: the file is kept and reported, never counted.
  if (Number.isNaN(moment.getTime())) {
    const err = new ToolError('BACKUP_DAMAGED', { path: location, reason: phrase('MANIFEST_INVALID') });
    return { entry, location, manifest, facts: { name: entry.name, state: 'damaged' }, problem: inBoth(err) };
  }
  return {
    entry,
    location,
    manifest,
    facts: {
      name: entry.name,
      state: 'good',
      group: groupOf(manifest),
      moment,
      fiscalYears: manifest.fiscalYears,
    },
  };
}
