/**
 * Licence files on disk: reading and verifying one, and the installation's
 * default licence (used when an administration is created without --licence).
 */
import { dirname } from 'node:path';
import { folderWriteError, isToolError } from '../../errors/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import { makeFolder } from '../../storage/folders.js';
import { readSmallText, smallFiles } from '../../storage/small-file.js';
import type { KluisContext } from '../context.js';
import { type LicenceDocument, parseLicenceText } from '../licence/licence.js';
import { type VerifiedLicence, verifyLicence } from '../licence/verify.js';

/** A licence file, read (bounded: a licence is small) and verified. */
export function readLicenceFile(path: string, ctx: KluisContext): VerifiedLicence {
  return verifyLicence(parseLicenceText(readSmallText(path, smallFiles.licence)), ctx.issuers);
}

/** The installation's default licence, or undefined when none was installed. */
export function defaultLicence(ctx: KluisContext): VerifiedLicence | undefined {
  try {
    return readLicenceFile(ctx.paths.licenceFile, ctx);
  } catch (err) {
    if (isToolError(err, 'FILE_NOT_FOUND')) return undefined;
    throw err;
  }
}

/** Verifies and installs a licence as the default for new administrations. */
export function installDefaultLicence(ctx: KluisContext, document: LicenceDocument): VerifiedLicence {
  const verified = verifyLicence(document, ctx.issuers);
  const folder = makeFolder(dirname(ctx.paths.licenceFile), 0o700);
  try {
    writeFileAtomic(ctx.paths.licenceFile, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    throw folderWriteError(err, folder);
  }
  return verified;
}
