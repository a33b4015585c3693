/**
 * The buttons of an action's steps (Post/Redirect/Get): Next checks the
 * step's answers and moves on, Back keeps them, the history's Choose button
 * fills a field, select all / none, the server panels, and at the summary
 * Finish starts the job. A failed check is said at its field on the page
 * that follows; any other failure above the form.
 */

import { type Answers, FieldError, type WizardFlow } from '../../wizard/index.js';
import { rendered, type WebContext } from '../context.js';
import { refusal } from '../router.js';
import type { WebSession } from '../sessions.js';
import { startJob } from './jobs.js';
import { browseServers, openAdvanced, saveServer, useBrowsed } from './servers.js';

/**
 * The answers a step's form posted, for that step's fields only: every value
 * of a multiple choice, the first of anything else; an empty password keeps
 * the one given before (a password is never sent back to the page).
 */
export function answersFrom(
  form: URLSearchParams,
  fields: ReadonlyArray<{ id: string; kind: string }>,
  previous: Answers,
): Answers {
  const out: Answers = {};
  for (const f of fields) {
    const values = form.getAll(f.id);
    if (f.kind === 'multi') out[f.id] = values;
    // The server step: "My computer", or the name typed for Server (also when no radio button came along).
    else if (f.kind === 'server') out[f.id] = form.get('server-where') === 'local' ? 'local' : (values[0] ?? '');
    else if (f.kind === 'password' && !values[0] && previous[f.id])
      out[f.id] = previous[f.id]; // kept, never sent back to the page
    else if (values.length) out[f.id] = values[0];
  }
  return out;
}

/** One button (`nav`, such as "next" or "fill:file:/path") pressed on a step or the summary. */
export async function flowPost(
  ctx: WebContext,
  s: WebSession,
  flow: WizardFlow,
  nav: string,
  form: URLSearchParams,
): Promise<void> {
  // At the summary only the button matters: no need to compute the preview again.
  if (flow.atSummary) {
    if (nav === 'back') await flow.back();
    else if (nav === 'finish') startJob(ctx, s, flow);
    return;
  }
  const at = await flow.position();
  const posted = answersFrom(form, at.kind === 'step' ? at.screen.fields : [], flow.answers);
  const [command, ...rest] = nav.split(':');
  try {
    switch (command) {
      case 'next':
        await flow.next(posted);
        s.panel = {};
        return;
      case 'back':
        if (!(await flow.back(posted))) s.stage = 'choose';
        s.panel = {};
        return;
      case 'fill': {
        await flow.keep(posted);
        const [field, ...parts] = rest;
        const value = parts.join(':');
        // Only what a row of this screen's table offers: a posted form must not set answers that a step checks (or derives).
        const offered =
          at.kind === 'step' && at.screen.table?.rows.some((r) => r.fills?.field === field && r.fills?.value === value);
        if (!offered) throw refusal('fill');
        flow.answers[field!] = value;
        return;
      }
      case 'select-all':
      case 'select-none': {
        await flow.keep(posted);
        const field = at.kind === 'step' ? at.screen.fields.find((f) => f.id === rest[0]) : undefined;
        if (field) flow.answers[field.id] = command === 'select-all' ? (field.choices ?? []).map((c) => c.value) : [];
        return;
      }
      case 'browse':
        await flow.keep(posted);
        await browseServers(ctx, s);
        return;
      case 'advanced':
        await flow.keep(posted);
        openAdvanced(ctx, s, flow);
        return;
      case 'close-panel':
        await flow.keep(posted);
        s.panel = {};
        return;
      case 'use-server': {
        await flow.keep(posted);
        const chosen = s.panel.browse?.[Number(rest[0])];
        if (chosen) useBrowsed(ctx, flow, chosen);
        s.panel = {};
        return;
      }
      case 'save-server':
        await flow.keep(posted);
        return saveServer(ctx, s, flow, form);
      default:
        return;
    }
  } catch (err) {
    if (err instanceof FieldError) s.problem = { field: err.field, error: rendered(s, err.problem) };
    else s.general = rendered(s, err);
  }
}
