/** Help screens, rendered from the command declarations in the user's language. */
import * as core from '../core/index.js';
import { ExitCode, type Lang } from '../errors/index.js';
import type { CommandSpec, OptionSpec } from './command.js';
import { globalOptions } from './parse.js';

function optionLines(options: Readonly<Record<string, OptionSpec>>, lang: Lang): string[] {
  const entries = Object.entries(options)
    .filter(([, o]) => !o.hidden)
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${core.placeholderIn(o.value, lang)}` : ''}`;
      return [flag, o.help[lang]] as const;
    });
  const width = Math.max(...entries.map(([f]) => f.length));
  return entries.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`);
}

function usage(c: CommandSpec, lang: Lang): string {
  const args = (c.args ?? []).map((a) =>
    a.required ? core.argumentShown(a.name)[lang] : `[${core.argumentName(a.name, lang)}]`,
  );
  const opts = c.options && Object.keys(c.options).length ? [lang === 'nl' ? '[opties]' : '[options]'] : [];
  return ['kluis', ...c.words, ...args, ...opts].join(' ');
}

export function commandHelp(c: CommandSpec, lang: Lang): string {
  const nl = lang === 'nl';
  const lines = [`${nl ? 'Gebruik' : 'Usage'}: ${usage(c, lang)}`, '', c.summary[lang]];
  if (c.description) lines.push('', c.description[lang]);
  if (c.args?.length) {
    lines.push('', nl ? 'Argumenten:' : 'Arguments:');
    const shown = c.args.map((a) => [core.argumentShown(a.name)[lang], a.help[lang]] as const);
    const width = Math.max(...shown.map(([name]) => name.length));
    for (const [name, help] of shown) lines.push(`  ${name.padEnd(width)}  ${help}`);
  }
  if (c.options && Object.keys(c.options).length)
    lines.push('', nl ? 'Opties:' : 'Options:', ...optionLines(c.options, lang));
  if (c.examples?.length) lines.push('', nl ? 'Voorbeelden:' : 'Examples:', ...c.examples.map((e) => `  ${e}`));
  lines.push('', nl ? 'Algemene opties:' : 'Global options:', ...optionLines(globalOptions, lang));
  return lines.join('\n');
}

/**
 * Help for the first words of several commands (`kluis server`): a person
 * who types the group's name wants to see what it holds. Undefined when the
 * words start no command.
 */
export function groupHelp(commands: readonly CommandSpec[], words: readonly string[], lang: Lang): string | undefined {
  const members = commands.filter((c) => c.words.length > words.length && words.every((w, i) => c.words[i] === w));
  if (words.length === 0 || members.length === 0) return undefined;
  const nl = lang === 'nl';
  const group = ['kluis', ...words].join(' ');
  const width = Math.max(...members.map((c) => c.words.join(' ').length));
  return [
    `${nl ? 'Gebruik' : 'Usage'}: ${group} <${nl ? 'opdracht' : 'command'}> [${nl ? 'opties' : 'options'}]`,
    '',
    nl ? 'Opdrachten:' : 'Commands:',
    ...members.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary[lang]}`),
    '',
    nl ? `Meer over een opdracht: ${group} <opdracht> --help` : `More about a command: ${group} <command> --help`,
  ].join('\n');
}

export function mainHelp(commands: readonly CommandSpec[], lang: Lang, version: string): string {
  const nl = lang === 'nl';
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  const lines = [
    `kluis ${version} — ${nl ? 'back-up, terugzetten en uitwisselen van boekhoudadministraties' : 'backup, restore and exchange of accounting administrations'}`,
    '',
    `${nl ? 'Gebruik' : 'Usage'}: kluis <${nl ? 'opdracht' : 'command'}> [${nl ? 'opties' : 'options'}]`,
    '',
    nl ? 'Opdrachten:' : 'Commands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary[lang]}`),
    '',
    nl ? 'Algemene opties:' : 'Global options:',
    ...optionLines(globalOptions, lang),
    '',
    nl ? 'Afsluitcodes:' : 'Exit codes:',
    ...exitCodeLines(lang),
    '',
    nl ? 'Meer over een opdracht: kluis <opdracht> --help' : 'More about a command: kluis <command> --help',
  ];
  return lines.join('\n');
}

const exitCodeHelp: Record<keyof typeof ExitCode, [string, string]> = {
  ok: ['klaar', 'done'],
  internal: ['interne fout (meld het)', 'internal error (please report)'],
  usage: ['verkeerd gebruik', 'usage error'],
  notFound: ['niet gevonden', 'not found'],
  inUse: ['in gebruik / vergrendeld', 'in use / locked'],
  wrongPassphrase: ['verkeerd wachtwoord voor de back-up', 'wrong passphrase'],
  damagedFile: ['beschadigd bestand', 'damaged file'],
  unsupportedVersion: ['niet-ondersteunde versie', 'unsupported version'],
  licenceRefused: ['licentie geweigerd', 'licence refused'],
  connection: ['server niet bereikbaar', 'server unreachable'],
  conflict: ['bestaat al / conflict', 'already exists / conflict'],
  environment: ['omgeving (rechten, schijf, systeem)', 'environment (permissions, disk, system)'],
  needsAttention: [
    'aandacht nodig: back-up te oud of nachtelijke back-up mislukt',
    'needs attention: a backup too old or a nightly run failed',
  ],
  cancelled: ['afgebroken', 'cancelled'],
};

function exitCodeLines(lang: Lang): string[] {
  return (Object.keys(ExitCode) as Array<keyof typeof ExitCode>).map(
    (k) => `  ${String(ExitCode[k]).padStart(3)}  ${exitCodeHelp[k][lang === 'nl' ? 0 : 1]}`,
  );
}
