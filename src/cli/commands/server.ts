/** kluis server list | add | remove | discover | status | stop */
import * as core from '../../core/index.js';
import { type Localized, renderError, ToolError } from '../../errors/index.js';
import { type CommandSpec, command, l } from '../command.js';
import { table } from '../output.js';
import { askPassword, canPrompt, readSecretOption } from '../prompt.js';
import { contextFor } from './context.js';

/** A password from --password-file or --ask-password, so it never has to be typed into the command line. */
async function passwordOption(
  options: { readonly 'password-file': string | undefined; readonly 'ask-password': boolean },
  question: string,
): Promise<string | undefined> {
  const file = options['password-file'];
  if (file !== undefined) return readSecretOption(file, question);
  if (!options['ask-password']) return undefined;
  if (!canPrompt()) throw new ToolError('PASSWORD_REQUIRED', { user: '' });
  return askPassword(question);
}

/** Where discover found a server, in words (the --json output keeps the code). */
const sourceWords: Record<core.DiscoveredServer['source'], Localized> = {
  embedded: l('ingebouwd', 'built in'),
  socket: l('socket', 'socket'),
  tcp: l('TCP', 'TCP'),
  service: l('pg_service.conf', 'pg_service.conf'),
};

export const serverCommands: CommandSpec[] = [
  command({
    words: ['server', 'list'],
    summary: l('toont de bekende servers', 'lists the known servers'),
    async run({ global, out }) {
      const home = core.resolveHome(global.home);
      const servers = core.listServers(home);
      out.data(servers);
      const nl = out.lang === 'nl';
      out.line(
        table(
          nl ? ['Naam', 'Soort', 'Verbinding', 'Wachtwoord'] : ['Name', 'Kind', 'Connection', 'Password'],
          servers.map((s) => [
            s.name,
            s.kind === 'embedded' ? (nl ? 'Mijn computer' : 'My computer') : 'server',
            s.conninfo,
            s.hasStoredPassword ? (nl ? 'opgeslagen (versleuteld)' : 'stored (encrypted)') : '-',
          ]),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['server', 'add'],
    summary: l('voegt een PostgreSQL-server toe onder een naam', 'adds a PostgreSQL server under a name'),
    description: l(
      'Verbindingsgegevens zoals bij libpq: "host=db.example.nl port=5432 user=kluis sslmode=require", een URI "postgresql://kluis@db.example.nl/postgres" of "service=naam" uit pg_service.conf. Wat ontbreekt komt uit PGHOST, PGPORT, PGUSER enz. Een wachtwoord in de gegevens wordt versleuteld bewaard, nooit leesbaar in de instellingen; ~/.pgpass en PGPASSWORD werken ook. De verbinding wordt eerst getest.',
      'Connection settings as libpq takes them: "host=db.example.nl port=5432 user=kluis sslmode=require", a URI "postgresql://kluis@db.example.nl/postgres" or "service=name" from pg_service.conf. Whatever is missing comes from PGHOST, PGPORT, PGUSER etc. A password in the settings is stored encrypted, never readable in the config; ~/.pgpass and PGPASSWORD work too. The connection is tested first.',
    ),
    args: [
      { name: 'name', required: true, help: l('naam voor de server', 'name for the server') },
      { name: 'conninfo', required: true, help: l('verbindingsgegevens', 'connection settings') },
    ],
    options: {
      'ask-password': {
        type: 'boolean',
        help: l(
          'vraag het wachtwoord (niet zichtbaar, komt niet in de shellgeschiedenis)',
          'ask for the password (hidden, stays out of shell history)',
        ),
      },
      'password-file': {
        type: 'string',
        path: 'secret',
        value: 'FILE',
        help: l(
          'lees het wachtwoord uit dit bestand ("-" = standaardinvoer)',
          'read the password from this file ("-" = standard input)',
        ),
      },
      'no-check': { type: 'boolean', help: l('niet eerst verbinden', 'do not connect first') },
    },
    examples: [
      'kluis server add kantoor "host=db.kantoor.nl user=kluis sslmode=verify-full" --ask-password',
      'kluis server add cloud "service=boekhouding"',
    ],
    async run({ args, options, global, out }) {
      const home = core.resolveHome(global.home);
      core.validateServerName(args.name);
      const password = await passwordOption(options, out.t(l('Wachtwoord: ', 'Password: ')));
      const added = core.addServer(home, args.name, args.conninfo, password);
      let version: string | undefined;
      if (!options['no-check']) {
        try {
          version = (await core.openEngine(home, added.name).serverVersion()).text;
        } catch (err) {
          core.removeServer(home, added.name);
          throw err;
        }
      }
      out.data({ ...added, version });
      out.line(
        out.t(
          l(
            `Server "${added.name}" is toegevoegd${version ? ` (PostgreSQL ${version})` : ''}.`,
            `Server "${added.name}" was added${version ? ` (PostgreSQL ${version})` : ''}.`,
          ),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['server', 'remove'],
    summary: l(
      'vergeet een server (de server zelf blijft ongemoeid)',
      'forgets a server (the server itself is left alone)',
    ),
    args: [{ name: 'name', required: true, help: l('naam van de server', 'name of the server') }],
    async run({ args, global, out }) {
      core.removeServer(core.resolveHome(global.home), args.name);
      out.data({ removed: args.name });
      out.line(
        out.t(
          l(`Server "${args.name}" is verwijderd uit de lijst.`, `Server "${args.name}" was removed from the list.`),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['server', 'discover'],
    summary: l(
      'zoekt servers op deze computer en in pg_service.conf',
      'finds servers on this computer and in pg_service.conf',
    ),
    async run({ global, out }) {
      const found = await core.discoverServers(core.resolveHome(global.home));
      out.data(found);
      const nl = out.lang === 'nl';
      out.line(
        table(
          nl
            ? ['Naam', 'Bron', 'Bereikbaar', 'Verbinding', 'Details']
            : ['Name', 'Source', 'Reachable', 'Connection', 'Details'],
          found.map((f) => [
            f.name,
            out.t(sourceWords[f.source]),
            f.reachable ? (nl ? 'ja' : 'yes') : '-',
            f.conninfo,
            f.detail,
          ]),
        ),
      );
      out.line();
      out.line(
        out.t(
          l(
            'Voeg er een toe met: kluis server add <naam> "<verbinding>"',
            'Add one with: kluis server add <name> "<connection>"',
          ),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['server', 'status'],
    summary: l(
      'zegt of de server draait en welke versie het is',
      'says whether the server runs and which version it is',
    ),
    async run({ global, out }) {
      const ctx = contextFor(global);
      const { problem, ...status } = await ctx.engine.status();
      const d = ctx.engine.describe();
      // A server that runs but refuses kluis says so, with the reason, and the exit code of that error.
      const refusal = problem ? renderError(problem, out.lang) : undefined;
      out.data({ ...d, ...status, ...(refusal ? { problem: { code: refusal.code, message: refusal.message } } : {}) });
      out.line(
        `${d.name} (${d.target}): ${status.running ? out.t(l('draait', 'running')) : out.t(l('draait niet', 'not running'))}${status.pid ? ` pid ${status.pid}` : ''}${status.version ? ` PostgreSQL ${status.version}` : ''}${refusal ? `; ${refusal.message}` : ''}`,
      );
      return refusal?.exitCode ?? 0;
    },
  }),
  command({
    words: ['server', 'stop'],
    summary: l(
      'stopt de ingebouwde server (hij start vanzelf weer bij gebruik)',
      'stops the embedded server (it starts again on demand)',
    ),
    async run({ global, out }) {
      const ctx = contextFor(global);
      const before = await ctx.engine.status();
      await ctx.engine.stop();
      out.data({ server: ctx.engine.name, wasRunning: before.running && ctx.engine.kind === 'embedded' });
      if (ctx.engine.kind !== 'embedded')
        out.line(
          out.t(
            l(
              `Server "${ctx.engine.name}" wordt niet door kluis beheerd; er is niets gestopt.`,
              `Server "${ctx.engine.name}" is not managed by kluis; nothing was stopped.`,
            ),
          ),
        );
      else
        out.line(
          before.running
            ? out.t(l('De ingebouwde server is gestopt.', 'The embedded server was stopped.'))
            : out.t(l('De ingebouwde server draaide niet.', 'The embedded server was not running.')),
        );
      return 0;
    },
  }),
];
