/**
 * The server step's panels: Browse lists the servers kluis knows and those
 * found on this computer and through the PG settings, Use takes one
 * (registering it when kluis does not know it yet), and Advanced tests and
 * saves login settings. What a panel shows lives in the session until the
 * step moves on.
 */
import * as core from '../../core/index.js';
import { serverSettingsForm } from '../../schema/web-forms.js';
import { loginOf, saveLogin, type WizardFlow } from '../../wizard/index.js';
import { rendered, type WebContext } from '../context.js';
import { parseForm } from '../form.js';
import type { WebSession } from '../sessions.js';

/** Browse: the servers known and found, each with whether it answers. */
export async function browseServers(ctx: WebContext, s: WebSession): Promise<void> {
  s.panel = { browse: await core.browseServers(ctx.options.home) };
}

/** Use: the server becomes the step's answer ("local" is My computer). */
export function useBrowsed(ctx: WebContext, flow: WizardFlow, chosen: core.BrowsedServer): void {
  flow.answers['server'] = core.takeBrowsed(ctx.options.home, chosen);
}

/** Advanced opens with the login settings of the server chosen now, to check or change them. */
export function openAdvanced(ctx: WebContext, s: WebSession, flow: WizardFlow): void {
  const current = typeof flow.answers['server'] === 'string' ? flow.answers['server'] : '';
  s.panel = { advanced: { values: { ...(loginOf(ctx.options.home, current) ?? {}) } } };
}

/** Advanced → Test connection and save: the server becomes the step's answer, or the panel shows why not. */
export async function saveServer(
  ctx: WebContext,
  s: WebSession,
  flow: WizardFlow,
  form: URLSearchParams,
): Promise<void> {
  const posted = parseForm(form, serverSettingsForm());
  const values = {
    name: posted['adv-name'],
    host: posted['adv-host'],
    port: posted['adv-port'],
    user: posted['adv-user'],
    database: posted['adv-database'],
    sslmode: posted['adv-sslmode'],
  };
  try {
    const saved = await saveLogin(ctx.options.home, values, posted['adv-password']);
    ctx.contexts.delete(saved);
    flow.answers['server'] = saved;
    s.panel = { saved };
  } catch (err) {
    s.panel = { advanced: { values, error: rendered(s, err) } };
  }
}
