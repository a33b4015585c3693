/** A wizard session: who signed in where, and one context per server it touches. */
import * as core from '../core/index.js';
import type { Lang } from '../errors/index.js';
import type { OpenAdministration, WizardEnv } from './model.js';

export interface EnvOptions {
  readonly home: string;
  readonly lang: Lang;
  readonly open: OpenAdministration;
  /** Contexts already made (the shell's own), reused by server name. */
  readonly contexts?: Map<string, core.KluisContext>;
}

export function createWizardEnv(options: EnvOptions): WizardEnv {
  const contexts = options.contexts ?? new Map<string, core.KluisContext>();
  return {
    home: options.home,
    lang: options.lang,
    open: options.open,
    context(server: string) {
      let ctx = contexts.get(server);
      if (!ctx) {
        ctx = core.createContext({ home: options.home, server });
        contexts.set(server, ctx);
      }
      return ctx;
    },
  };
}

/** Signs in and returns the open administration the wizard works for. */
export async function openAdministration(
  ctx: core.KluisContext,
  adm: string,
  userName: string,
  password: string,
): Promise<OpenAdministration> {
  const s = await core.signIn(ctx, adm, userName, password);
  return { server: ctx.engine.name, ...s };
}
