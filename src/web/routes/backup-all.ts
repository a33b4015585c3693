/**
 * The page "Back up every administration" (GET /backup-all) and its form
 * (POST /backup-all), for a person signed in as an active administrator of
 * the open administration; core checks that on every request, like the
 * Users page. The run is a job of the session: the wizard's progress page
 * follows it, and the page shows its report when it ends.
 */
import * as core from '../../core/index.js';
import { asToolError } from '../../errors/index.js';
import { type BackupAllForm, backupAllForm } from '../../schema/web-forms.js';
import { backupAllFormPage, backupAllRefusedPage, backupAllResultPage, backupAllTitle } from '../backup-all-page.js';
import { contextFor, rendered, viewOf, type WebContext } from '../context.js';
import { shownError } from '../failures.js';
import { parseForm } from '../form.js';
import { htmlType, redirect, send } from '../http.js';
import { progressPage } from '../pages.js';
import type { Route } from '../router.js';
import { type BackupAllState, scopeOf, type WebSession } from '../sessions.js';
import { describeProgress } from './jobs.js';

type Signed = WebSession & { open: NonNullable<WebSession['open']> };

const op = core.operations['backup-all'];

function kluisOf(ctx: WebContext, s: Signed): core.KluisContext {
  return contextFor(ctx, s.open.server);
}

/** Refuses (403 page) anyone who is not an active administrator of the open administration now. */
async function refusal(ctx: WebContext, s: Signed): Promise<string | undefined> {
  try {
    await core.requireBackupAllAdministrator(kluisOf(ctx, s), core.formatAdminNumber(s.open.number), s.open.userName);
    return undefined;
  } catch (err) {
    return backupAllRefusedPage(viewOf(s), rendered(s, err, 'backup-all'));
  }
}

/** The server as the wizard names it: "Mijn computer" for the embedded one, else server "name". */
function serverShown(s: Signed): string {
  if (s.open.server === 'local') return s.lang === 'nl' ? 'Mijn computer' : 'My computer';
  return `server "${s.open.server}"`;
}

async function formPage(ctx: WebContext, s: Signed, state: BackupAllState | undefined): Promise<string> {
  const kluis = kluisOf(ctx, s);
  const administrations = (await core.listAdministrations(kluis)).length;
  return backupAllFormPage(viewOf(s), {
    server: serverShown(s),
    administrations,
    destination: state?.form?.destination ?? kluis.paths.backupsDir,
    jobs: state?.form?.jobs ?? String(core.jobsFor(undefined, Number.POSITIVE_INFINITY)),
    verify: state?.form?.verify ?? false,
    ...(state?.error ? { error: state.error } : {}),
  });
}

/** The page for where the run is: the form, the progress, or the report. */
async function currentPage(ctx: WebContext, s: Signed): Promise<string> {
  const state = s.backupAll;
  const job = state?.jobId ? ctx.jobs.get(state.jobId, s.id, scopeOf(s)) : undefined;
  if (!job) {
    const shown = await formPage(ctx, s, state);
    if (state) state.error = undefined; // said once
    return shown;
  }
  if (job.status === 'running')
    return progressPage(viewOf(s), { title: backupAllTitle }, job.id, describeProgress(s.lang, job.view));
  return backupAllResultPage(
    viewOf(s),
    serverShown(s),
    state?.result,
    job.error ? rendered(s, job.error, 'backup-all') : undefined,
  );
}

/** Checks what was typed before the run starts: how many at once, and that the destination can be written. */
async function checkForm(ctx: WebContext, s: Signed, f: BackupAllForm): Promise<void> {
  core.inputOf('jobs').validate?.(f.jobs.trim());
  await core.checkBackupAllDestinations(kluisOf(ctx, s), [f.destination.trim()]);
}

function start(ctx: WebContext, s: Signed, f: BackupAllForm): void {
  const state: BackupAllState = {};
  const kluis = kluisOf(ctx, s);
  const job = ctx.jobs.start(s.id, scopeOf(s), new core.ProgressMeter(op.phases, op.summary), async (onProgress) => {
    try {
      state.result = await core.backupAll(kluis, {
        to: [f.destination.trim()],
        jobs: Number(f.jobs.trim()),
        verify: f.verify === 'on',
        onProgress,
      });
      return { title: core.backupAllTotalSentence(state.result), rows: [] };
    } catch (err) {
      throw shownError(err, 'backup-all (job)', s.open.server);
    }
  });
  state.jobId = job.id;
  s.backupAll = state;
}

export const backupAllRoutes: readonly Route[] = [
  {
    kind: 'page',
    path: '/backup-all',
    async handle(ctx, { res, session: s }) {
      if (!s.open) return redirect(res, '/');
      const refused = await refusal(ctx, s as Signed);
      if (refused) return send(res, 403, htmlType, refused);
      return send(res, 200, htmlType, await currentPage(ctx, s as Signed));
    },
  },
  {
    kind: 'form',
    path: '/backup-all',
    async handle(ctx, { res, session: s, form }) {
      if (!s.open) return redirect(res, '/');
      const signed = s as Signed;
      const refused = await refusal(ctx, signed);
      if (refused) return send(res, 403, htmlType, refused);
      // A forged or stale form is refused (403) as a whole; a person's mistake is said at its field.
      const f = parseForm(form, backupAllForm());
      const running = s.backupAll?.jobId ? ctx.jobs.get(s.backupAll.jobId, s.id, scopeOf(s)) : undefined;
      if (running?.status === 'running') return redirect(res, '/backup-all');
      if (f.do === 'again') {
        s.backupAll = undefined;
        return redirect(res, '/backup-all');
      }
      try {
        await checkForm(ctx, signed, f);
      } catch (err) {
        const typed = { destination: f.destination, jobs: f.jobs, verify: f.verify === 'on' };
        s.backupAll = { form: typed, error: rendered(s, asToolError(err), 'backup-all') };
        return redirect(res, '/backup-all');
      }
      start(ctx, signed, f);
      return redirect(res, '/backup-all');
    },
  },
];
