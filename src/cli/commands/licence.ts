/** kluis licence show | install | demo */
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { type CommandSpec, command, l } from '../command.js';
import { contextFor } from './context.js';

export const licenceCommands: CommandSpec[] = [
  command({
    words: ['licence', 'show'],
    summary: l('controleert een licentiebestand en toont het', 'verifies a licence file and shows it'),
    args: [{ name: 'file', path: 'licence', required: true, help: l('licentiebestand', 'licence file') }],
    async run({ args, global, out }) {
      const verified = core.readLicenceFile(args.file, contextFor(global));
      const lic = verified.document.licence;
      out.data({ ...lic, demo: verified.demo, valid: true });
      const nl = out.lang === 'nl';
      out.line(
        `${nl ? 'Licentie' : 'Licence'} ${lic.number}: ${lic.holder}${verified.demo ? (nl ? ' (demolicentie)' : ' (demo licence)') : ''}`,
      );
      out.line(`  ${nl ? 'geregistreerde gebruiker' : 'registered user'}: ${lic.registeredUser}`);
      out.line(`  ${nl ? 'artikelen' : 'articles'}: ${lic.articles.join(', ')}`);
      out.line(
        `  ${nl ? 'geldig' : 'valid'}: ${lic.validFrom} – ${lic.validUntil}, max ${lic.maxUsers} ${nl ? 'gebruikers' : 'users'}`,
      );
      out.line(`  ${nl ? 'uitgever' : 'issuer'}: ${lic.issuer} — ${nl ? 'handtekening klopt' : 'signature verified'}`);
      return 0;
    },
  }),
  command({
    words: ['licence', 'install'],
    summary: l(
      'maakt een licentie de standaard voor nieuwe administraties',
      'makes a licence the default for new administrations',
    ),
    args: [{ name: 'file', path: 'licence', required: true, help: l('licentiebestand', 'licence file') }],
    async run({ args, global, out }) {
      const ctx = contextFor(global);
      const verified = core.installDefaultLicence(ctx, core.readLicenceFile(args.file, ctx).document);
      out.data({ installed: verified.document.licence.number, holder: verified.document.licence.holder });
      out.line(
        out.t(
          l(
            `Licentie ${verified.document.licence.number} (${verified.document.licence.holder}) is de standaard voor nieuwe administraties.`,
            `Licence ${verified.document.licence.number} (${verified.document.licence.holder}) is the default for new administrations.`,
          ),
        ),
      );
      return 0;
    },
  }),
  command({
    words: ['licence', 'demo'],
    summary: l(
      'maakt een demolicentie (openbare demo-uitgever, bewijst niets)',
      'makes a demo licence (public demo issuer, proves nothing)',
    ),
    options: {
      holder: { type: 'string', value: 'NAME', help: l('licentiehouder', 'licence holder') },
      user: { type: 'string', value: 'USER', help: l('geregistreerde gebruikersnaam', 'registered user name') },
      articles: {
        type: 'string',
        value: 'A,B',
        help: l('artikelen, bijvoorbeeld Base,E-Accountancy', 'articles, for example Base,E-Accountancy'),
      },
      'max-users': {
        type: 'string',
        value: 'N',
        help: l('maximaal aantal gebruikers (standaard 10)', 'maximum number of users (default 10)'),
      },
      'valid-until': { type: 'string', value: 'YYYY-MM-DD', help: l('laatste geldige dag', 'last valid day') },
      output: {
        type: 'string',
        path: 'new-file',
        short: 'o',
        value: 'FILE',
        help: l(
          'schrijf naar dit bestand in plaats van standaarduitvoer',
          'write to this file instead of standard output',
        ),
      },
    },
    async run({ options, out }) {
      const { holder, user, articles, output: file } = options;
      if (!holder) throw new ToolError('USAGE_MISSING_ARGUMENT', { command: 'licence demo', argument: '--holder' });
      if (!user) throw new ToolError('USAGE_MISSING_ARGUMENT', { command: 'licence demo', argument: '--user' });
      core.validateUserName(user);
      const maxUsers = options['max-users'] !== undefined ? Number(options['max-users']) : undefined;
      if (maxUsers !== undefined && (!Number.isInteger(maxUsers) || maxUsers < 1))
        throw new ToolError('USAGE_BAD_ARGUMENTS', {
          command: 'licence demo',
          reason: phrase('MAX_USERS_INVALID'),
        });
      const validUntil = options['valid-until'];
      if (validUntil !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(validUntil))
        throw new ToolError('USAGE_BAD_ARGUMENTS', {
          command: 'licence demo',
          reason: phrase('VALID_UNTIL_INVALID'),
        });
      const doc = core.issueDemoLicence({
        holder,
        registeredUser: user,
        ...(articles
          ? {
              articles: articles
                .split(',')
                .map((a) => a.trim())
                .filter(Boolean),
            }
          : {}),
        ...(maxUsers !== undefined ? { maxUsers } : {}),
        ...(validUntil !== undefined ? { validUntil } : {}),
      });
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (file) {
        core.writeSmallFile(file, text, { replace: true });
        out.note(
          l(
            `Demolicentie ${doc.licence.number} geschreven naar ${file}.`,
            `Demo licence ${doc.licence.number} written to ${file}.`,
          ),
        );
      } else process.stdout.write(text);
      return 0;
    },
  }),
];
