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
import { progressPage, resultPage } from '../pages.js';
import type { Route } from '../router.js';
import { scopeOf, type WebSession } from '../sessions.js';

/** The percentage and one line of text for a progress event of `op`, in the session's language: its declared phase first. */
export function describeProgress(
  lang: Lang,
  op: core.OperationDeclaration | undefined,
  e: core.ProgressEvent | undefined,
): { percent: number; text: string } {
  const nl = lang === 'nl';
  if (!e) return { percent: 0, text: nl ? 'Starten…' : 'Starting…' };
  const percent = e.total > 0 ? Math.min(100, Math.floor((e.done / e.total) * 100)) : 0;
  const parts = [...(op ? [core.phaseLabel(op, e.step)[lang]] : []), `${percent}%`];
  const d = e.detail ?? {};
  if (d['tables']) parts.push(`${nl ? 'tabellen' : 'tables'} ${d['tablesDone'] ?? 0}/${d['tables']}`);
  if (d['rows']) parts.push(`${d['rows'].toLocaleString(nl ? 'nl-NL' : 'en-GB')} ${nl ? 'rijen' : 'rows'}`);
  // After the data, a restore builds keys and indexes and checks the books: say so rather than sit at 100%.
  if (percent === 100 && (e.step === 'restore' || e.step === 'xaf-import'))
    parts.push(nl ? 'sleutels, indexen en controles…' : 'keys, indexes and checks…');
  return { percent, text: parts.join(' — ') };
}

/** Finish: the flow's action runs as a job of this session; the page follows it. */
export function startJob(ctx: WebContext, s: WebSession, flow: WizardFlow): void {
  const server = (typeof flow.answers['server'] === 'string' && flow.answers['server']) || s.open?.server;
  const job = ctx.jobs.start(s.id, scopeOf(s), async (onProgress) => {
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
    const p = describeProgress(s.lang, core.operationOfAction(action.id), job.last);
    return progressPage(v, action, job.id, p.percent, p.text);
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
      const op = s.flow ? core.operationOfAction(s.flow.action.id) : undefined;
      return ctx.jobs.follow(job, res, (e) => describeProgress(s.lang, op, e));
    },
  },
];
