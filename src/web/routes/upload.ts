/**
 * A backup file chosen in the browser, streamed to this start's private
 * upload folder; the answer is the path the step's field then holds. A full
 * disk is 507 with BACKUP_WRITE_FAILED, after the whole body was read.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { errnoOf, fileErrorReason, folderWriteError, ToolError } from '../../errors/index.js';
import { renderForWeb } from '../failures.js';
import { header, json, receive, safeDecode } from '../http.js';
import type { Route } from '../router.js';

/** The file name to keep of what the browser sent (X-File-Name, percent-encoded): its last part, word characters only. */
export function uploadName(sent: string | undefined): string {
  const name = safeDecode(sent ?? '') || 'upload.ebu';
  return (
    basename(name)
      .replace(/[^\w.-]/g, '_')
      .slice(-80) || 'upload.ebu'
  );
}

export const uploadRoutes: readonly Route[] = [
  {
    kind: 'stream',
    path: '/upload',
    async handle(ctx, { req, res, session: s }) {
      const refused = (status: number, error: ToolError) => {
        req.resume(); // let the browser finish sending, so it reads the answer
        const r = renderForWeb(error, s.lang);
        json(res, status, { code: r.code, message: r.message });
      };
      // A folder of its own per upload keeps the name the file had on the user's computer.
      const folder = join(ctx.uploads, randomUUID().slice(0, 8));
      try {
        mkdirSync(folder, { recursive: true, mode: 0o700 });
      } catch (err) {
        return refused(500, folderWriteError(err, ctx.uploads));
      }
      const path = join(folder, uploadName(header(req, 'x-file-name')));
      const err = await receive(req, path);
      if (err === undefined) return json(res, 200, { path });
      rmSync(folder, { recursive: true, force: true });
      if (res.destroyed || req.socket.destroyed) return; // the browser went away: nobody to answer
      const full = errnoOf(err) === 'ENOSPC' || errnoOf(err) === 'EDQUOT';
      return refused(
        full ? 507 : 500,
        new ToolError('BACKUP_WRITE_FAILED', { path, reason: fileErrorReason(err) }, { cause: err }),
      );
    },
  },
];
