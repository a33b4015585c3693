/**
 * The server picker's panels on a step: Browse lists the servers found on
 * this computer and through PG settings, Use takes one (registering it when
 * kluis does not know it yet), and Advanced tests and saves login settings.
 * What a panel shows lives in the session until the step moves on.
 */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { serverSettingsForm } from '../../schema/web-forms.js';
import type { WizardFlow } from '../../wizard/index.js';
import { rendered, type WebContext } from '../context.js';
import { parseForm } from '../form.js';
import type { WebSession } from '../sessions.js';

/** Browse: the servers found, each with whether it answered. */
export async function browseServers(ctx: WebContext, s: WebSession): Promise<void> {
  s.panel = { browse: await core.discoverServers(ctx.options.home) };
}

/** Use: the name a discovered server is known by in kluis, registered if it is new. */
export function useDiscovered(ctx: WebContext, found: core.DiscoveredServer): string {
  const home = ctx.options.home;
  if (found.source === 'embedded') return core.localServerName;
  const known = core.listServers(home).find((x) => x.name === found.name || x.conninfo === found.conninfo);
  if (known) return known.name;
  return core.addServer(home, found.name, found.conninfo).name;
}

/** Advanced → Test connection and save: the server becomes the step's answer, or the panel shows why not. */
export async function saveServer(
  ctx: WebContext,
  s: WebSession,
  flow: WizardFlow,
  form: URLSearchParams,
): Promise<void> {
  const posted = parseForm(form, serverSettingsForm());
  const values: Record<string, string> = {};
  for (const key of ['name', 'host', 'port', 'user', 'database', 'sslmode'] as const)
    values[key] = posted[`adv-${key}`].trim();
  try {
    if (!values['host']) throw new ToolError('FIELD_REQUIRED', { field: 'Host', flag: '--conninfo' });
    const port = values['port'] ? Number(values['port']) : undefined;
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
      throw new ToolError('CONNINFO_INVALID', {
        input: values['port']!,
        reason: phrase('PORT_RANGE_WEB'),
      });
    const sslmode = (core.sslModes as readonly string[]).includes(values['sslmode']!)
      ? (values['sslmode'] as core.SslMode)
      : undefined;
    const saved = await core.saveTestedServer(
      ctx.options.home,
      values['name'] || values['host']!.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40),
      {
        host: values['host']!,
        ...(port !== undefined ? { port } : {}),
        ...(values['user'] ? { user: values['user'] } : {}),
        ...(values['database'] ? { database: values['database'] } : {}),
        ...(sslmode ? { sslmode } : {}),
        password: posted['adv-password'],
      },
    );
    ctx.contexts.delete(saved.name);
    flow.answers['server'] = saved.name;
    s.panel = { saved: saved.name };
  } catch (err) {
    s.panel = { advanced: { values, error: rendered(s, err) } };
  }
}
