/**
 * Licence files on disk: reading and verifying one, and the installation's
 * default licence (used when an administration is created without --licence).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ToolError } from '../../errors/index.js';
import { writeFileAtomic } from '../../storage/atomic-write.js';
import type { KluisContext } from '../context.js';
import { parseLicenceText, type LicenceDocument } from '../licence/licence.js';
import { verifyLicence, type VerifiedLicence } from '../licence/verify.js';

export function readLicenceFile(path: string, ctx: KluisContext): VerifiedLicence {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ToolError('FILE_NOT_FOUND', { path });
  }
  return verifyLicence(parseLicenceText(text), ctx.issuers);
}

export function defaultLicence(ctx: KluisContext): VerifiedLicence | undefined {
  try {
    readFileSync(ctx.paths.licenceFile);
  } catch {
    return undefined;
  }
  return readLicenceFile(ctx.paths.licenceFile, ctx);
}

/** Verifies and installs a licence as the default for new administrations. */
export function installDefaultLicence(ctx: KluisContext, document: LicenceDocument): VerifiedLicence {
  const verified = verifyLicence(document, ctx.issuers);
  mkdirSync(dirname(ctx.paths.licenceFile), { recursive: true });
  writeFileAtomic(ctx.paths.licenceFile, JSON.stringify(document, null, 2) + '\n', 0o600);
  return verified;
}
