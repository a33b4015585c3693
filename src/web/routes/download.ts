/** A backup a job of this session just made, to the browser. */
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as core from '../../core/index.js';
import { rendered, viewOf } from '../context.js';
import { htmlType, notFound, send } from '../http.js';
import { failurePage } from '../pages.js';
import type { Route } from '../router.js';
import { scopeOf } from '../sessions.js';

export const downloadRoutes: readonly Route[] = [
  {
    // A file that is gone since is a coded page, and a read error mid-way ends the answer.
    kind: 'page',
    path: /^\/download\/([\w-]+)$/,
    handle(ctx, { res, session: s, params }) {
      const file = ctx.jobs.get(params[0]!, s.id, scopeOf(s))?.outcome?.file;
      if (!file) return notFound(res);
      let size: number;
      let source: NodeJS.ReadableStream;
      try {
        size = core.checkOrdinaryFile(file) ?? 0;
        source = core.openBackupFile(file);
      } catch (err) {
        const error = rendered(s, err, 'download');
        return send(res, error.code === 'WEB_UNEXPECTED' ? 500 : 404, htmlType, failurePage(s.lang, error, viewOf(s)));
      }
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': size,
        'Content-Disposition': `attachment; filename="${basename(file).replace(/[^\w.-]/g, '_')}"`,
      });
      pipeline(source, res).catch(() => res.destroy());
    },
  },
];
