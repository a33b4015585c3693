/**
 * The wizard's one address: GET / shows where the session is (sign-in,
 * welcome, the actions, a step or the summary, the job), POST /wizard is
 * every button on those screens. What went wrong is shown once, on the page
 * that follows the post.
 */

import { phrase, ToolError } from '../../errors/index.js';
import { type WizardForm, wizardForm } from '../../schema/web-forms.js';
import { actionById, availableActions, FieldError, WizardFlow, welcome } from '../../wizard/index.js';
import { rendered, viewOf, type WebContext } from '../context.js';
import { renderForWeb } from '../failures.js';
import { parseForm } from '../form.js';
import { htmlType, redirect, send } from '../http.js';
import { choosePage, failurePage, stepPage, summaryPage, welcomePage } from '../pages.js';
import type { Route } from '../router.js';
import type { WebSession } from '../sessions.js';
import { flowPost } from './flow.js';
import { jobScreen } from './jobs.js';
import { signInScreen } from './sign-in.js';

/** The page for where the session is now. */
export async function currentPage(ctx: WebContext, s: WebSession, url: URL): Promise<string> {
  if (!s.open || !s.env) return signInScreen(ctx, s, url);
  const v = viewOf(s);
  const problem = s.problem;
  const general = s.general;
  s.problem = undefined;
  s.general = undefined;
  switch (s.stage) {
    case 'welcome':
      return welcomePage(v, await welcome(s.env), general, s.open.role === 'administrator');
    case 'choose':
      return choosePage(v, await availableActions(s.env), s.chosenAction, problem, general);
    case 'flow': {
      const flow = s.flow!;
      try {
        const at = await flow.position();
        if (at.kind === 'summary') return summaryPage(v, flow.action, at.rows, general, at.tables);
        return stepPage(v, flow.action, at.screen, flow.answers, problem, s.panel, general);
      } catch (err) {
        // The preview could not be made (something changed since the step was checked): back to the step, with the reason.
        if (!flow.atSummary) throw err;
        await flow.back();
        s.general = rendered(s, err instanceof FieldError ? err.problem : err);
        return currentPage(ctx, s, url);
      }
    }
    case 'job': {
      const screen = jobScreen(ctx, s);
      if (screen !== undefined) return screen;
      s.stage = 'welcome';
      return currentPage(ctx, s, url);
    }
  }
}

/** A button on the welcome screen, the list of actions, a step, the summary or the result. */
async function wizardPost(
  ctx: WebContext,
  s: WebSession,
  form: URLSearchParams,
  { nav, action: id }: WizardForm,
): Promise<void> {
  const env = s.env!;
  if (nav === 'cancel' || nav === 'restart') {
    s.stage = 'welcome';
    s.flow = undefined;
    s.panel = {};
    return;
  }
  switch (s.stage) {
    case 'welcome':
      s.stage = 'choose';
      return;
    case 'choose': {
      if (nav === 'back') {
        s.stage = 'welcome';
        return;
      }
      s.chosenAction = id;
      const action = actionById(id);
      if (!action || !(await availableActions(env)).includes(action)) {
        s.problem = {
          field: 'action',
          error: renderForWeb(
            new ToolError('WIZARD_ACTION_UNAVAILABLE', {
              action: id,
              reason: phrase('ACTION_NOT_HERE'),
            }),
            s.lang,
          ),
        };
        return;
      }
      s.flow = new WizardFlow(action, env);
      s.panel = {};
      s.stage = 'flow';
      return;
    }
    case 'flow':
      return flowPost(ctx, s, s.flow!, nav, form);
    case 'job':
      if (nav === 'retry') s.stage = 'flow';
      return;
  }
}

export const wizardRoutes: readonly Route[] = [
  {
    kind: 'page',
    path: '/',
    async handle(ctx, { res, session: s, url }) {
      try {
        return send(res, 200, htmlType, await currentPage(ctx, s, url));
      } catch (err) {
        // The page itself could not be made (its server stopped): the reason, and the way back to the start.
        return send(res, 500, htmlType, failurePage(s.lang, rendered(s, err, 'page'), viewOf(s)));
      }
    },
  },
  {
    kind: 'form',
    path: '/wizard',
    async handle(ctx, { res, session: s, form }) {
      if (!s.open) return redirect(res, '/');
      // A forged or stale form is refused (403), not shown on the page as the button's failure.
      const buttons = parseForm(form, wizardForm());
      try {
        await wizardPost(ctx, s, form, buttons);
      } catch (err) {
        // Whatever a button's work threw (the server gone, a file vanished): said on the page that follows.
        s.general = rendered(s, err, 'wizard');
      }
      return redirect(res, '/');
    },
  },
];
