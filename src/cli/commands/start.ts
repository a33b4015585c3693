/**
 * kluis start: what `npm start` runs. Starts the embedded server (or checks
 * the chosen one) and says where things are and what to try. The web wizard
 * will be served from here.
 */
import * as core from '../../core/index.js';
import { l, type CommandSpec } from '../command.js';
import { recoveryHint } from './admin.js';
import { contextFor } from './context.js';

export const startCommand: CommandSpec = {
  words: ['start'],
  summary: l('start kluis op Mijn computer en zegt wat je kunt doen', 'starts kluis on My computer and says what you can do'),
  options: { port: { type: 'string', value: 'N', help: l('poort voor de webwizard op 127.0.0.1', 'port for the web wizard on 127.0.0.1') } },
  async run({ global, out }) {
    const ctx = contextFor(global);
    await ctx.engine.start();
    const version = await ctx.engine.serverVersion();
    const admins = await core.listAdministrations(ctx);
    const d = ctx.engine.describe();
    await recoveryHint(ctx, out);
    out.data({ home: ctx.home, server: d, version: version.text, administrations: admins.length });
    out.line(out.t(l(`kluis draait. Map: ${ctx.home}`, `kluis is running. Home: ${ctx.home}`)));
    out.line(out.t(l(`Server "${d.name}": PostgreSQL ${version.text} via ${d.target}`, `Server "${d.name}": PostgreSQL ${version.text} via ${d.target}`)));
    out.line(out.t(l(`Administraties: ${admins.length}`, `Administrations: ${admins.length}`)));
    out.line();
    out.line(out.t(l('De webwizard volgt; tot dan werkt alles via de opdrachtregel:', 'The web wizard is coming; until then everything works from the command line:')));
    if (admins.length === 0) out.line(out.t(l('  npx kluis demo            een demo-omgeving om mee te proberen', '  npx kluis demo            a demo environment to try things with')));
    out.line(out.t(l('  npx kluis admin list      de administraties', '  npx kluis admin list      the administrations')));
    out.line(out.t(l('  npx kluis server discover servers op deze computer', '  npx kluis server discover servers on this computer')));
    out.line(out.t(l('  npx kluis --help          alle opdrachten', '  npx kluis --help          all commands')));
    return 0;
  },
};
