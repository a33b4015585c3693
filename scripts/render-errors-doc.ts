/** Renders docs/errors.md from the error registry: `npm run docs:errors`. */
import { ExitCode, errorRegistry } from '../src/errors/index.js';
import { phraseRegistry } from '../src/errors/phrases.js';

export function renderErrorsDoc(): string {
  const exitNames = Object.fromEntries(Object.entries(ExitCode).map(([k, v]) => [v, k]));
  const lines = [
    '# Errors and exit codes',
    '',
    'Generated from `src/errors/registry/*.ts` by `npm run docs:errors`; do not edit by hand.',
    'Every error kluis reports has a stable code (never reused) and ends the CLI with the exit code shown.',
    'A `{name}` in a message is filled in as shown: control and bidirectional characters appear escaped (`\\n`, `\\u202E`),',
    'and a value longer than a line (80 characters; 160 for a path, 240 for a reason) is cut short with its length.',
    '',
    '## Exit codes',
    '',
    '| exit | meaning |',
    '|---|---|',
    ...Object.entries(ExitCode).map(([name, code]) => `| ${code} | ${name} |`),
    '',
    '## Errors',
    '',
    '| code | exit | category | message (en) | melding (nl) |',
    '|---|---|---|---|---|',
    ...Object.entries(errorRegistry).map(
      ([code, d]) =>
        `| \`${code}\` | ${d.exit} (${exitNames[d.exit]}) | ${d.category} | ${d.message.en.replace(/\|/g, '\\|')} | ${d.message.nl.replace(/\|/g, '\\|')} |`,
    ),
    '',
    '## Phrases',
    '',
    'The parts of a message kluis composes (why a file is damaged, what recover will do), each with its own code',
    'in `src/errors/phrases/*.ts`; a `{reason}` in a message above is one of these.',
    '',
    '| phrase | en | nl |',
    '|---|---|---|',
    ...Object.entries(phraseRegistry).map(
      ([code, t]) => `| \`${code}\` | ${t.en.replace(/\|/g, '\\|')} | ${t.nl.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!))
  process.stdout.write(renderErrorsDoc());
