/**
 * Running an action: Finish starts it as a job of the session, the progress
 * page follows it over server-sent events, and its result page says how it
 * ended. A job is reachable only from its session while the same server,
 * administration and user are open.
 */
import * as core from '../../core/index.js';
import type { Lang } from '../../errors/index.js';
import type { WizardFlow } from '../../wizard/index.js';
import { viewOf, type WebContext } from '../context.js';
import { renderForWeb, shownError } from '../failures.js';
import { json } from '../http.js';
import type { ProgressShown } from '../jobs.js';
import { progressPage, resultPage } from '../pages.js';
import type { Route } from '../router.js';
import { scopeOf, type WebSession } from '../sessions.js';

/** A job's progress as its meter read it (core.ProgressMeter), in the session's language. */
export function describeProgress(lang: Lang, view: core.ProgressView | undefined): ProgressShown {
  if (!view) return { percent: 0, text: lang === 'nl' ? 'Starten…' : 'Starting…', figures: [] };
  return {
    percent: view.percent,
    text: `${view.phase[lang]} — ${view.percent}%`,
    figures: core.progressFigures(view, lang).map(({ id, label, value }) => ({ id, label, value })),
  };
}

/** One meter per job, reading its events against the phases its operation declares. */
function meterFor(flow: WizardFlow): core.ProgressMeter {
  const op = flow.operation;
  return new core.ProgressMeter(op?.phases ?? [], op?.summary ?? flow.action.title);
}

/** Finish: the flow's action runs as a job of this session; the page follows it. */
export function startJob(ctx: WebContext, s: WebSession, flow: WizardFlow): void {
  const server = (typeof flow.answers['server'] === 'string' && flow.answers['server']) || s.open?.server;
  const job = ctx.jobs.start(s.id, scopeOf(s), meterFor(flow), async (onProgress) => {
    try {
      return await flow.action.run(flow.answers, flow.env, { onProgress });
    } catch (err) {
      throw shownError(err, `${flow.action.id} (job)`, server);
    }
  });
  s.jobId = job.id;
  s.stage = 'job';
}

/** The progress page while the session's job runs, then its result; undefined when the job is not the session's any more. */
export function jobScreen(ctx: WebContext, s: WebSession): string | undefined {
  const job = ctx.jobs.get(s.jobId ?? '', s.id, scopeOf(s));
  const action = s.flow?.action;
  if (!job || !action) return undefined;
  const v = viewOf(s);
  if (job.status === 'running') {
    return progressPage(v, action, job.id, describeProgress(s.lang, job.view));
  }
  const outcome = job.outcome
    ? { ...job.outcome, ...(job.outcome.file ? { download: `/download/${job.id}` } : {}) }
    : undefined;
  return resultPage(v, action, outcome, job.error ? renderForWeb(job.error, s.lang) : undefined);
}

export const jobRoutes: readonly Route[] = [
  {
    kind: 'page',
    path: /^\/jobs\/([\w-]+)\/events$/,
    handle(ctx, { res, session: s, params }) {
      const job = ctx.jobs.get(params[0]!, s.id, scopeOf(s));
      if (!job) return json(res, 404, { message: 'not found' });
      return ctx.jobs.follow(job, res, (view) => describeProgress(s.lang, view));
    },
  },
];
