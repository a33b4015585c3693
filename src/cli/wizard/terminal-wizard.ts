/**
 * The wizard in a terminal (`kluis wizard`): the same steps as the web page
 * (sign in, choose an action, its screens, summary, progress, result), as
 * questions. Every question can be answered by a flag instead, so the same
 * flow runs from a script. Typing "<" goes one step back.
 */

import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import * as core from '../../core/index.js';
import { asToolError, isToolError, type Lang, phrase, renderError, ToolError } from '../../errors/index.js';
import {
  type Answers,
  actionById,
  availableActions,
  createWizardEnv,
  type Field,
  FieldError,
  fieldFlag,
  loginOf,
  type OpenAdministration,
  openAdministration,
  type SummaryRow,
  saveLogin,
  type Table,
  tlsChoices,
  t as translate,
  type WizardEnv,
  WizardFlow,
  welcome,
} from '../../wizard/index.js';
import type { Output } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { readSecretOption } from '../prompt.js';
import { tableLines } from '../table-text.js';
import type { Prompter } from './prompter.js';

export interface TerminalWizardInput {
  readonly home: string;
  readonly server: string;
  readonly lang: Lang;
  /** Answers given as flags, by field id (camelCase) or wizard flag. */
  readonly flags: Readonly<Record<string, string | undefined>>;
  readonly prompter: Prompter;
  readonly out: Output;
  readonly contexts?: Map<string, core.KluisContext>;
}

class GoBack extends Error {}

/** How many rows of a step's table (the history) and of a summary's or result's (a review) are printed. */
const history = { most: 10 } as const;
const review = { most: Number.POSITIVE_INFINITY } as const;

/** A field's flag: the command-line name of the catalog input it answers (see `kluis wizard --help`). */
export function flagOf(field: Pick<Field, 'id' | 'input'>): string {
  return fieldFlag(field);
}

/** Numbers as runs, in order: 2, 4–9, 12. */
export function nrRuns(nrs: readonly number[]): string {
  const sorted = [...new Set(nrs)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** A path typed or given relative to the current folder, made full; a final "/" (a folder, maybe not there yet) is kept. */
function fullPath(value: string): string {
  const full = resolve(value);
  return core.namesFolder(value) && !full.endsWith(sep) ? full + sep : full;
}

export async function runTerminalWizard(input: TerminalWizardInput): Promise<number> {
  const { prompter: p, lang, out } = input;
  const t = (v: { nl: string; en: string } | string) => translate(v, lang);
  const nl = lang === 'nl';
  const contexts = input.contexts ?? new Map<string, core.KluisContext>();
  const flags = input.flags;
  /** The answer flags a question took: the others were given for questions this walk never asked. */
  const used = new Set<string>();
  /** The flag of each field asked so far, by field id: a failed check names the field. */
  const fieldFlags = new Map<string, string>();
  /** Fields whose last answer was refused: asked again without it as the default. */
  const refused = new Set<string>();
  // A hidden answer is a secret: taken exactly as typed, spaces included.
  const ask = async (question: string, hidden = false): Promise<string> => {
    const typed = await p.ask(question, { hidden });
    const answer = hidden ? typed : typed.trim();
    if (answer.trim() === '<') throw new GoBack();
    return answer;
  };
  /** Sign-in answers have no default: Enter on an empty one asks again. */
  const askUntilGiven = async (question: string, hidden = false): Promise<string> => {
    for (;;) {
      const answer = await ask(question, hidden);
      if (answer !== '') return answer;
    }
  };

  p.say(
    nl
      ? '\nkluis — back-upwizard (typ < om terug te gaan, Ctrl-C om te stoppen)\n'
      : '\nkluis — backup wizard (type < to go back, Ctrl-C to stop)\n',
  );

  // Sign in: the open administration decides the actions.
  const ctx = contexts.get(input.server) ?? core.createContext({ home: input.home, server: input.server });
  contexts.set(input.server, ctx);
  await ctx.engine.start();
  const admins = (await core.listAdministrations(ctx)).filter((a) => a.status === 'ready');
  if (admins.length === 0) throw new ToolError('NO_ADMINISTRATIONS', { server: ctx.engine.name });
  const open = await signIn(ctx, admins);
  const env: WizardEnv = createWizardEnv({ home: input.home, lang, open, contexts });
  p.say(
    nl
      ? `Aangemeld als ${open.userName} in ${core.formatAdminNumber(open.number)} ${open.name}.`
      : `Signed in as ${open.userName} to ${core.formatAdminNumber(open.number)} ${open.name}.`,
  );
  await sayWelcome();

  for (;;) {
    const actions = await availableActions(env);
    let actionId = flags['action'];
    if (actionId === undefined) {
      try {
        actionId = await chooseOne(
          nl ? 'Kies een actie' : 'Choose an action',
          actions.map((a) => ({ value: a.id, label: `${t(a.title)} — ${t(a.explanation)}` })),
          actions[0]!.id,
        );
      } catch (err) {
        if (err instanceof GoBack) continue;
        throw err;
      }
    }
    const action = actionById(actionId);
    if (!action || !actions.includes(action)) {
      throw new ToolError('WIZARD_ACTION_UNAVAILABLE', {
        action: actionId,
        reason: phrase('ACTION_CHOOSE_FROM', { actions: actions.map((a) => a.id).join(', ') }),
      });
    }
    const flow = new WizardFlow(action, env);
    const done = await walk(flow);
    if (done === 'back' && flags['action'] === undefined) continue;
    if (done === 'back') throw new ToolError('CANCELLED');
    return done;
  }

  /** The welcome screen of the web page, as text: what the wizard does, what is open, what it offers now. */
  async function sayWelcome(): Promise<void> {
    const w = await welcome(env);
    p.say(`\n== ${t(w.title)} ==`);
    p.say(t(w.intro));
    p.say(`${nl ? 'Geopende administratie' : 'Open administration'}: ${w.open}`);
    if (w.handOut) p.say(`   ${t(w.handOut)}`);
    p.say(`${nl ? 'Beschikbare acties' : 'Actions available'}: ${w.actions.map(t).join(', ')}`);
    if (w.interrupted) p.say(`!! ${t(w.interrupted)}`);
    if (w.backups) {
      p.say(`!! ${t(w.backups.intro)}`);
      for (const item of w.backups.items) p.say(`   - ${t(item)}`);
    }
  }

  /**
   * Administration, user name, password. "<" goes one question back; a
   * typed password that does not sign in is said and asked again, from the
   * user name, three times at most.
   */
  async function signIn(
    ctx: core.KluisContext,
    admins: readonly core.AdministrationSummary[],
  ): Promise<OpenAdministration> {
    let step: 'adm' | 'user' | 'password' = 'adm';
    let adm = '';
    let user = '';
    for (let failed = 0; ; ) {
      try {
        if (step === 'adm') {
          adm =
            flags['open'] ??
            (await chooseOne(
              nl ? 'Administratie om te openen' : 'Administration to open',
              admins.map((a) => ({ value: a.number, label: `${a.number} ${a.name}` })),
              adm || admins[0]!.number,
            ));
          step = 'user';
        }
        if (step === 'user') {
          user = flags['user'] ?? (await askUntilGiven(nl ? 'Gebruikersnaam: ' : 'User name: '));
          step = 'password';
        }
        if (flags['password-file'] !== undefined)
          return await openAdministration(
            ctx,
            adm,
            user,
            await readSecretOption(flags['password-file'], nl ? 'Wachtwoord: ' : 'Password: '),
          );
        const password = await askUntilGiven(nl ? 'Wachtwoord: ' : 'Password: ', true);
        return await openAdministration(ctx, adm, user, password);
      } catch (err) {
        if (err instanceof GoBack) {
          step = step === 'password' ? 'user' : 'adm';
          continue;
        }
        if (!isToolError(err, 'SIGN_IN_FAILED') || ++failed === 3) throw err;
        p.say(`!! ${renderError(err, lang).message}`);
        step = 'user';
      }
    }
  }

  async function walk(flow: WizardFlow): Promise<number | 'back'> {
    for (;;) {
      const at = await flow.position();
      if (at.kind === 'summary') {
        refuseUnaskedPlacement();
        printRows(nl ? 'Samenvatting' : 'Summary', at.rows);
        for (const table of at.tables) printTable(table, review);
        if (flags['yes'] === undefined) {
          let go: string;
          try {
            // The source's last button is "Klaar": answering j is pressing it.
            go = (await ask(nl ? 'Klaar? [j/N] ' : 'Finish? [y/N] ')).toLowerCase();
          } catch (err) {
            if (!(err instanceof GoBack)) throw err;
            await flow.back();
            continue;
          }
          if (!['j', 'ja', 'y', 'yes'].includes(go)) throw new ToolError('CANCELLED');
        }
        // Every wizard action performs a declared operation (test/unit/cli/catalog.test.ts): its phases name the bar.
        const op = flow.operation;
        const outcome = await flow.action.run(flow.answers, flow.env, {
          onProgress: op ? progressBar(out, op) : () => undefined,
        });
        out.status(undefined);
        out.data({
          action: flow.action.id,
          title: t(outcome.title),
          rows: outcome.rows.map((r) => ({ label: t(r.label), value: t(r.value) })),
          next: (outcome.next ?? []).map(t),
        });
        if (!out.json) {
          printRows(t(outcome.title), outcome.rows, (line) => out.line(line));
          for (const table of outcome.tables ?? []) printTable(table, review, (line) => out.line(line));
          if (outcome.next?.length) {
            out.line(`\n${nl ? 'Wat nu?' : 'What next?'}`);
            for (const step of outcome.next) out.line(`  - ${t(step)}`);
          }
        }
        return 0;
      }
      p.say(`\n== ${t(flow.action.title)}: ${t(at.screen.title)} ==`);
      if (at.screen.intro) p.say(t(at.screen.intro));
      for (const n of at.screen.notices ?? []) p.say(`${n.tone === 'warning' ? '!! ' : ''}${t(n.text)}`);
      if (at.screen.table) printTable(at.screen.table);
      const posted: Answers = {};
      try {
        for (const field of at.screen.fields) {
          const when = field.shownWhen;
          // Asked only for another field's answer on this step (a passphrase, when encrypting with one).
          if (when && (posted[when.field] ?? flow.answers[when.field]) !== when.value) continue;
          posted[field.id] = await answer(field, flow.answers, at.screen.table);
        }
        await flow.next(posted);
      } catch (err) {
        if (err instanceof GoBack) {
          if (!(await flow.back())) return 'back';
          continue;
        }
        const problem = err instanceof FieldError ? err.problem : err;
        if (!(problem instanceof ToolError) || interactiveFor(err) === false) throw problem;
        const r = renderError(asToolError(problem), lang);
        p.say(`!! ${r.message}${r.hints.length ? ` ${r.hints.join(' ')}` : ''}`);
        if (err instanceof FieldError) refused.add(err.field);
      }
    }
  }

  /** After a failed check: ask again only when the answer came from the keyboard. */
  function interactiveFor(err: unknown): boolean {
    if (err instanceof FieldError) {
      const flag = fieldFlags.get(err.field) ?? err.field;
      return flags[flag] === undefined && flags['non-interactive'] === undefined;
    }
    return false;
  }

  /**
   * One field's answer. A row number of the screen's table (the backup
   * history's Nr.) typed for the field the table fills is that row's value,
   * not a file named "3" in the current folder.
   */
  async function answer(field: Field, answers: Answers, table?: Table): Promise<string | string[]> {
    const rows = table?.rows.filter((r) => r.fills?.field === field.id) ?? [];
    for (;;) {
      const value = await answerAsGiven(field, answers, rows.length > 0);
      const typed = typeof value === 'string' && flags[flagOf(field)] === undefined;
      const row = typed && rowNumbered(rows, value);
      if (row) return row;
      if (typed && notARow(rows, value)) {
        // A number the history does not have is a mistyped row, not a file named "7" in the current folder.
        // The rows offered need not be 1 to n: the history's files that are gone are not offered, the others keep their Nr.
        const offered = nrRuns(rows.map((r) => Number(t(r.cells[0] ?? ''))));
        p.say(
          nl
            ? `!! Nr. ${value} staat niet in de lijst (${offered}). Kies een Nr. uit de lijst, of geef de naam van het bestand.`
            : `!! No. ${value} is not in the list (${offered}). Choose a No. from the list, or give the file's name.`,
        );
        continue;
      }
      const local = typeof value === 'string' && value !== '' && !core.isObjectStoreLocation(value);
      return (field.path || field.kind === 'file') && local ? fullPath(value) : value;
    }
  }

  /** A number typed where the history offers rows, that is no row and no file either. */
  function notARow(rows: Table['rows'], typed: string): boolean {
    return rows.length > 0 && /^\d{1,4}$/.test(typed) && !existsSync(fullPath(typed));
  }

  /** The value of the table row whose first cell (its Nr.) is `typed`. */
  function rowNumbered(rows: Table['rows'], typed: string): string | undefined {
    if (!/^\d+$/.test(typed)) return undefined;
    return rows.find((r) => t(r.cells[0] ?? '') === typed)?.fills?.value;
  }

  /** A table (cli/table-text.ts): a step's (the history) ten rows at most, a summary's or result's (a review) every row. */
  function printTable(
    tb: Table,
    { most }: { most: number } = history,
    write: (line: string) => void = (line) => p.say(line),
  ): void {
    for (const line of tableLines(tb, lang, t, most)) write(line);
  }

  /**
   * A database directory or server folder given for a question that was never
   * asked (My computer has no server folder; a backup no database directory)
   * would be ignored without a word: refused instead, before anything runs.
   */
  function refuseUnaskedPlacement(): void {
    for (const flag of ['server-folder', 'database-dir']) {
      if (flags[flag] === undefined || used.has(flag)) continue;
      const onMyComputer = flag === 'server-folder' && flags['database-dir'] !== undefined;
      throw new ToolError('USAGE_BAD_ARGUMENTS', {
        command: 'wizard',
        reason: onMyComputer ? phrase('SERVER_FOLDER_ON_MY_COMPUTER') : phrase('FLAG_NOT_FOR_ACTION', { flag }),
      });
    }
  }

  async function answerAsGiven(field: Field, answers: Answers, fromTable = false): Promise<string | string[]> {
    const flag = flagOf(field);
    fieldFlags.set(field.id, flag);
    const given = flags[flag];
    if (given !== undefined) {
      used.add(flag);
      if (field.kind === 'password') return readSecretOption(given, `${t(field.label)}: `);
      if (field.kind === 'multi')
        return given === '*'
          ? (field.choices ?? []).map((c) => c.value)
          : given
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
      return given;
    }
    if (flags['non-interactive'] !== undefined) {
      if (field.optional || field.kind === 'multi') return field.kind === 'multi' ? [] : '';
      if ((field.kind === 'choice' || field.kind === 'server') && typeof field.suggestion === 'string')
        return field.suggestion;
      throw new FieldError(field.id, new ToolError('FIELD_REQUIRED', { field: field.label, flag: `--${flag}` }));
    }
    // A refused answer is no default: Enter would only give it again. (The server question keeps a refused
    // name to correct, under its "Server" choice.)
    const previous = refused.delete(field.id) && field.kind !== 'server' ? undefined : answers[field.id];
    const label = t(field.label);
    // The server question explains its choices itself; its help names the flag's value for My computer.
    if (field.help && field.kind !== 'server') p.say(`  (${t(field.help)})`);
    switch (field.kind) {
      case 'server':
        return askServer(field, typeof previous === 'string' && previous ? previous : String(field.suggestion ?? ''));
      case 'choice': {
        const current =
          typeof previous === 'string' && previous
            ? previous
            : typeof field.suggestion === 'string'
              ? field.suggestion
              : field.choices?.[0]?.value;
        return chooseOne(
          label,
          (field.choices ?? []).map((c) => ({
            value: c.value,
            label: `${t(c.label)}${c.hint ? ` (${t(c.hint)})` : ''}`,
          })),
          current,
        );
      }
      case 'multi': {
        const choices = field.choices ?? [];
        const current = Array.isArray(previous)
          ? previous
          : Array.isArray(field.suggestion)
            ? [...field.suggestion]
            : [];
        p.say(`${label}:`);
        for (const [i, c] of choices.entries())
          p.say(
            `  ${i + 1}. ${t(c.label)}${c.hint ? ` (${t(c.hint)})` : ''}${c.fixed || current.includes(c.value) ? ' *' : ''}`,
          );
        const raw = await ask(
          nl
            ? `Nummers met komma's, * = alles, - = niets [${current.join(',') || '-'}]: `
            : `Numbers separated by commas, * = all, - = none [${current.join(',') || '-'}]: `,
        );
        // A fixed choice (the licence's registered user) is in every answer, whatever was typed.
        const withFixed = (values: readonly string[]) => [
          ...new Set([...choices.filter((c) => c.fixed).map((c) => c.value), ...values]),
        ];
        if (raw === '') return withFixed(current);
        if (raw === '*') return choices.map((c) => c.value);
        if (raw === '-') return withFixed([]);
        return withFixed(
          raw
            .split(',')
            .map((s) => choices[Number(s.trim()) - 1]?.value ?? s.trim())
            .filter(Boolean),
        );
      }
      case 'password':
        return ask(`${label}: `, true);
      default: {
        const current =
          typeof previous === 'string' && previous
            ? previous
            : typeof field.suggestion === 'string'
              ? field.suggestion
              : '';
        const orRow = fromTable ? (nl ? ' (of Nr. uit de historie)' : ' (or No. from the history)') : '';
        // A field asked for another's answer (the public key, when encrypting for one) is asked because it is needed.
        const raw = await ask(
          `${label}${orRow}${current ? ` [${current}]` : ''}${field.optional && !field.shownWhen ? (nl ? ' (mag leeg)' : ' (may be empty)') : ''}: `,
        );
        return raw === '' ? current : raw;
      }
    }
  }

  /**
   * The server step as in the source: My computer (saying which server runs
   * there), Server with a name, Browse (the known and discovered servers,
   * numbered) and Advanced (the login settings, tested before they are
   * saved). "<" in Browse or Advanced comes back to this question.
   */
  async function askServer(field: Field, current: string): Promise<string> {
    const [mine, other] = field.choices ?? [];
    const named = current !== mine?.value && current !== '';
    for (;;) {
      const choices = [
        { value: 'mine', label: `${t(mine!.label)} — ${t(mine!.hint!)}` },
        { value: 'server', label: `${t(other!.label)} — ${named ? current : t(other!.hint!)}` },
        {
          value: 'browse',
          label: nl ? 'Bladeren: de bekende en gevonden servers' : 'Browse: the known and discovered servers',
        },
        {
          value: 'advanced',
          label: nl
            ? 'Geavanceerd: aanmeldgegevens (gebruiker, wachtwoord, TLS)'
            : 'Advanced: login settings (user, password, TLS)',
        },
      ];
      const how = await chooseOne(t(field.label), choices, named ? 'server' : 'mine');
      try {
        switch (how) {
          case 'mine':
            return mine!.value;
          case 'server': {
            const typed = await ask(
              `${nl ? 'Naam van de server' : 'Name of the server'}${named ? ` [${current}]` : ''}: `,
            );
            return typed === '' && named ? current : typed;
          }
          case 'browse': {
            const chosen = await browse();
            if (chosen !== undefined) return chosen;
            break;
          }
          default: {
            const saved = await advanced(named ? current : '');
            if (saved !== undefined) return saved;
          }
        }
      } catch (err) {
        if (!(err instanceof GoBack)) throw err; // "<" inside: the server question again
      }
    }
  }

  /** Browse: a numbered list; the chosen server's name in kluis (registered when new). */
  async function browse(): Promise<string | undefined> {
    const found = await core.browseServers(input.home);
    const reachable: Record<core.BrowsedServer['reachable'], string> = nl
      ? {
          yes: 'bereikbaar',
          no: 'niet bereikbaar',
          unknown: 'bereikbaarheid onbekend',
          'on-demand': 'start bij gebruik',
        }
      : { yes: 'reachable', no: 'not reachable', unknown: 'reachability unknown', 'on-demand': 'starts when used' };
    const label = (s: core.BrowsedServer) => {
      const name = s.name === core.localServerName ? (nl ? 'Mijn computer' : 'My computer') : s.name;
      return `${s.known ? `${name} — ` : ''}${t(s.description)} (${reachable[s.reachable]})`;
    };
    const chosen = await chooseOne(
      nl ? 'Servers (typ < om terug te gaan)' : 'Servers (type < to go back)',
      found.map((s, i) => ({ value: String(i), label: label(s) })),
      '0',
    );
    return core.takeBrowsed(input.home, found[Number(chosen)]!);
  }

  /** Advanced: the login settings, starting from the server's own; tested, then saved. */
  async function advanced(current: string): Promise<string | undefined> {
    const was = loginOf(input.home, current);
    const q = async (question: string, value = '') => {
      const typed = await ask(`${question}${value ? ` [${value}]` : ''}: `);
      return typed === '' ? value : typed;
    };
    const host = await q(
      nl ? 'Host (naam, IP-adres of socketmap)' : 'Host (name, IP address or socket folder)',
      was?.host,
    );
    const port = await q(nl ? 'Poort' : 'Port', was?.port || '5432');
    const user = await q(nl ? 'Gebruiker' : 'User', was?.user);
    const password = await ask(
      nl ? 'Wachtwoord (leeg: geen of ongewijzigd): ' : 'Password (empty: none or unchanged): ',
      true,
    );
    const database = await q(
      nl ? 'Database om mee te verbinden' : 'Database to connect to',
      was?.database || 'postgres',
    );
    const sslmode = await chooseOne(
      nl ? 'Versleutelde verbinding (TLS)' : 'Encrypted connection (TLS)',
      tlsChoices.map((c) => ({ value: c.value, label: t(c.label) })),
      was?.sslmode || 'prefer',
    );
    const name = await q(nl ? 'Naam voor deze server in kluis' : 'Name for this server in kluis', was?.name);
    try {
      return await saveLogin(input.home, { name, host, port, user, database, sslmode }, password);
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      const r = renderError(err, lang);
      p.say(`!! ${r.message}${r.hints.length ? ` ${r.hints.join(' ')}` : ''}`);
      return undefined;
    }
  }

  async function chooseOne(
    question: string,
    choices: ReadonlyArray<{ value: string; label: string }>,
    current: string | undefined,
  ): Promise<string> {
    p.say(`${question}:`);
    for (const [i, c] of choices.entries()) p.say(`  ${i + 1}. ${c.label}`);
    const at = Math.max(
      0,
      choices.findIndex((c) => c.value === current),
    );
    for (;;) {
      const raw = await ask(nl ? `Keuze [${at + 1}]: ` : `Choice [${at + 1}]: `);
      if (raw === '') return choices[at]!.value;
      const byNumber = choices[Number(raw) - 1];
      const byValue = choices.find((c) => c.value === raw);
      if (byNumber ?? byValue) return (byNumber ?? byValue)!.value;
      p.say(nl ? `Kies een nummer van 1 tot ${choices.length}.` : `Choose a number from 1 to ${choices.length}.`);
    }
  }

  function printRows(
    title: string,
    rows: readonly SummaryRow[],
    write: (line: string) => void = (line) => p.say(line),
  ): void {
    write(`\n${title}`);
    const listed = rows.filter((r) => !r.note);
    const width = Math.max(...listed.map((r) => t(r.label).length), 8);
    for (const r of listed) write(`  ${t(r.label).padEnd(width)}  ${t(r.value)}`);
    // A warning (a summary's "did you mean") stands apart from the list, as on the web page.
    for (const r of rows.filter((r) => r.note)) write(`!! ${t(r.label)}: ${t(r.value)}`);
  }
}
