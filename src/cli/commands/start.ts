/**
 * kluis start: what `npm start` runs. Starts the embedded server (or checks
 * the chosen one), serves the web wizard on 127.0.0.1 and prints its address
 * with this start's access token. Runs until Ctrl-C.
 */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { type CommandSpec, command, l } from '../command.js';
import { recoveryHint } from './admin.js';
import { contextFor } from './context.js';

export const startCommand: CommandSpec = command({
  words: ['start'],
  ownsSignals: true,
  summary: l(
    'start de webwizard op 127.0.0.1 (met Mijn computer als server)',
    'starts the web wizard on 127.0.0.1 (with My computer as server)',
  ),
  description: l(
    'Start de ingebouwde server als die nog niet draait en opent de webwizard op dit adres, alleen voor deze computer. Het adres bevat een toegangssleutel die bij elke start nieuw is: open het in uw browser. Stoppen met Ctrl-C; de databaseserver blijft draaien (kluis server stop stopt hem).',
    'Starts the built-in server when it is not running and serves the web wizard at the printed address, for this computer only. The address holds an access token that is new at every start: open it in your browser. Stop with Ctrl-C; the database server keeps running (kluis server stop stops it).',
  ),
  options: {
    port: { type: 'string', value: 'N', help: l('poort (standaard een vrije poort)', 'port (default a free one)') },
    host: {
      type: 'string',
      value: 'ADDR',
      help: l(
        'luister op een ander adres dan 127.0.0.1 (niet aan te raden)',
        'listen on another address than 127.0.0.1 (not advised)',
      ),
    },
  },
  examples: ['kluis start', 'kluis start --port 8750'],
  async run({ options, global, out }) {
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ToolError('USAGE_BAD_ARGUMENTS', {
        command: 'start',
        reason: phrase('PORT_RANGE_CLI'),
      });
    const ctx = contextFor(global);
    await ctx.engine.start();
    const version = await ctx.engine.serverVersion();
    const admins = await core.listAdministrations(ctx);
    await recoveryHint(ctx, out);
    const { startWebServer } = await import('../../web/index.js');
    const web = await startWebServer({
      home: ctx.home,
      port,
      ...(options.host ? { host: options.host } : {}),
      lang: out.lang,
      server: ctx.engine.name,
      contexts: new Map([[ctx.engine.name, ctx]]),
    });
    out.data({
      url: web.accessUrl,
      home: ctx.home,
      server: ctx.engine.describe(),
      version: version.text,
      administrations: admins.length,
    });
    out.line(out.t(l(`kluis-wizard: ${web.accessUrl}`, `kluis wizard: ${web.accessUrl}`)));
    // kluis's own server is "Mijn computer", as the page calls it; another by its name.
    const mine = ctx.engine.name === core.localServerName;
    const serverNl = mine ? 'Mijn computer' : `Server "${ctx.engine.name}"`;
    const serverEn = mine ? 'My computer' : `Server "${ctx.engine.name}"`;
    out.line(
      out.t(
        l(
          `${serverNl}: PostgreSQL ${version.text}; administraties: ${admins.length}. Map: ${ctx.home}`,
          `${serverEn}: PostgreSQL ${version.text}; administrations: ${admins.length}. Home: ${ctx.home}`,
        ),
      ),
    );
    if (admins.length === 0)
      out.line(
        out.t(
          l(
            'Nog geen administraties: de wizard biedt de demo-omgeving aan.',
            'No administrations yet: the wizard offers the demo environment.',
          ),
        ),
      );
    out.line(
      out.t(l('Open het adres in uw browser. Stoppen: Ctrl-C.', 'Open the address in your browser. Stop: Ctrl-C.')),
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    if (web.running() > 0)
      out.warn(
        l(
          `Wachten tot ${web.running()} lopende actie(s) klaar zijn… (nog een keer Ctrl-C breekt af; "kluis recover" ruimt dan op)`,
          `Waiting for ${web.running()} running operation(s) to finish… (Ctrl-C again aborts; "kluis recover" then cleans up)`,
        ),
      );
    await web.close();
    return 0;
  },
});
