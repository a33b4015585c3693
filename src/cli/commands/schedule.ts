/** kluis schedule install | status | remove | run, and kluis check */
import { realpathSync } from 'node:fs';
import * as core from '../../core/index.js';
import { type Localized, ToolError } from '../../errors/index.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { contextFor } from './context.js';

/** bin/kluis.js as the timer must start it: absolute, links resolved (npx runs it through node_modules/.bin). */
function kluisScript(): string {
  const script = process.argv[1] ?? '';
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

const methodWords: Record<string, Localized> = {
  systemd: l('een systemd-timer', 'a systemd timer'),
  'systemd-user': l('een systemd-timer van uw gebruiker', 'a systemd timer of your user'),
  cron: l('cron (/etc/cron.d)', 'cron (/etc/cron.d)'),
  crontab: l('uw crontab', 'your crontab'),
};

/** "every night at 02:30 (up to 30 minutes later)": systemd spreads the start, cron does not. */
function whenText(out: Output, at: string, method: string): string {
  const spread = method.startsWith('systemd') ? core.randomizedDelayMinutes : 0;
  return out.t(
    spread
      ? l(`elke nacht om ${at} (tot ${spread} minuten later)`, `every night at ${at} (up to ${spread} minutes later)`)
      : l(`elke nacht om ${at}`, `every night at ${at}`),
  );
}

function noRepositoryWarning(ctx: core.KluisContext, out: Output): void {
  if (core.repositoryNames(ctx.home).length > 0) return;
  out.warn(
    l(
      'Let op: er is nog geen opslagplaats ingesteld, dus de nachtelijke back-up mislukt tot er een is ("kluis repository add <naam> <map of s3://…>").',
      'Note: no repository is set up yet, so the run fails until there is one ("kluis repository add <name> <folder or s3://…>").',
    ),
  );
}

function printFiles(out: Output, files: readonly core.SchedulePlan['files'][number][]): void {
  for (const f of files) {
    out.line(`==> ${f.path}`);
    out.line(f.content.trimEnd());
    out.line();
  }
}

const installCommand = operationCommand(core.operations['schedule-install'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const plan = core.planSchedule(ctx, {
    ...(values.at !== undefined ? { at: values.at } : {}),
    ...(values.method !== undefined ? { method: values.method as core.MethodChoice } : {}),
    ...(values.root !== undefined ? { root: values.root } : {}),
    node: process.execPath,
    kluis: kluisScript(),
    lang: out.lang,
    ...(values.verify ? { verify: true } : {}),
    ...(values.jobs !== undefined ? { jobs: Number(values.jobs) } : {}),
  });
  const { enable: _enable, ...planned } = plan;
  const shown = { ...planned, files: plan.files.map((f) => f.path) };
  if (plan.method === 'none') {
    out.data(core.resultOf(core.operations['schedule-install'], { ...shown, enabled: false }));
    printFiles(out, plan.files);
    out.line(out.t(l(`==> de opdracht, elke nacht om ${plan.at}:`, `==> the command, every night at ${plan.at}:`)));
    out.line(plan.command);
    throw new ToolError('SCHEDULE_NO_SCHEDULER');
  }
  if (values['dry-run']) {
    out.data(core.resultOf(core.operations['schedule-install'], { ...shown, enabled: false }));
    out.line(
      out.t(l('Proefrun: er wordt niets geschreven of ingeschakeld.', 'Dry run: nothing is written or enabled.')),
    );
    out.line();
    printFiles(out, plan.files);
    if (plan.crontabLine) out.line(`crontab: ${plan.crontabLine}`);
    return 0;
  }
  const { enable: _enabled, ...installed } = core.installSchedule(ctx, plan);
  const r = { ...installed, files: installed.files.map((f) => f.path) };
  out.data(core.resultOf(core.operations['schedule-install'], r));
  const how = out.t(methodWords[r.method]!);
  out.line(
    out.t(
      l(
        `De nachtelijke back-up is ingepland met ${how}: ${whenText(out, r.at, r.method)}, voor server "${r.server}".`,
        `The nightly run is scheduled with ${how}: ${whenText(out, r.at, r.method)}, for server "${r.server}".`,
      ),
    ),
  );
  for (const f of r.files) out.line(`  ${f}`);
  if (r.crontabLine) out.line(`  crontab: ${r.crontabLine}`);
  if (r.enableLater.length) {
    out.line(
      out.t(
        r.root
          ? l(
              'De bestanden staan onder de andere hoofdmap; op het systeem dat ze gebruikt schakelt u de timer in met:',
              'The files are under the other root folder; on the system that uses them, enable the timer with:',
            )
          : l(
              'systemd draait hier niet als init, dus de timer is nog niet ingeschakeld. Zodra systemd draait:',
              'systemd does not run as init here, so the timer is not enabled yet. Once systemd runs:',
            ),
      ),
    );
    for (const c of r.enableLater) out.line(`  ${c}`);
  }
  if (r.method === 'systemd-user')
    out.line(
      out.t(
        l(
          `Om de timer ook te laten lopen als u niet bent aangemeld: loginctl enable-linger ${process.env['USER'] ?? '<gebruiker>'}`,
          `To let the timer run while you are not signed in: loginctl enable-linger ${process.env['USER'] ?? '<user>'}`,
        ),
      ),
    );
  out.line(out.t(l(`Wat er elke nacht draait: ${r.command}`, `What runs every night: ${r.command}`)));
  out.line(out.t(l(`Volgende run: ${out.date(r.nextRun)}.`, `Next run: ${out.date(r.nextRun)}.`)));
  out.line(out.t(l('Weghalen: kluis schedule remove.', 'To remove it: kluis schedule remove.')));
  noRepositoryWarning(ctx, out);
  return 0;
});

/** One line for a run: when, and how it went. */
function runLine(out: Output, run: core.ScheduledRun): string {
  const s = core.summarizeRun(run);
  const when = s.endedAt ? core.formatSpan(s.startedAt, s.endedAt, out.lang) : out.date(s.startedAt);
  const total = s.administrations;
  const admins = new Set(run.administrations.map((a) => a.number)).size;
  const repos = run.repositories.length;
  const how: Localized =
    s.result === 'running'
      ? l('loopt nog', 'still running')
      : s.result === 'interrupted'
        ? l(
            'afgebroken (het proces is weg; "kluis recover" ruimt op wat half af is)',
            'cut off (its process is gone; "kluis recover" settles what was left half done)',
          )
        : s.result === 'ok'
          ? l(
              `gelukt: ${out.count(admins)} ${admins === 1 ? 'administratie' : 'administraties'} in ${out.count(repos)} ${repos === 1 ? 'opslagplaats' : 'opslagplaatsen'}`,
              `succeeded: ${out.count(admins)} ${admins === 1 ? 'administration' : 'administrations'} into ${out.count(repos)} ${repos === 1 ? 'repository' : 'repositories'}`,
            )
          : run.failure
            ? l(`mislukt: ${run.failure.message.nl}`, `failed: ${run.failure.message.en}`)
            : l(
                `mislukt: ${out.count(s.failedAdministrations)} van ${out.count(total)} back-ups niet gemaakt`,
                `failed: ${out.count(s.failedAdministrations)} of ${out.count(total)} backups not made`,
              );
  return `${when}: ${out.t(how)}`;
}

/** The administrations and repositories of a run that went wrong, one line each, with why. */
function runFailures(out: Output, run: core.ScheduledRun): string[] {
  const lines: string[] = [];
  for (const a of run.administrations)
    if (a.failure) lines.push(`  - ${a.number} ${a.name} → ${a.repository}: ${out.t(a.failure.message)}`);
  for (const r of run.repositories)
    if (r.prune?.failure)
      lines.push(`  - ${out.t(l(`opruimen van ${r.name}`, `pruning ${r.name}`))}: ${out.t(r.prune.failure.message)}`);
  return lines;
}

const statusCommand = operationCommand(core.operations['schedule-status'], async ({ global, out }) => {
  const ctx = contextFor(global);
  const installed = core.readInstalledSchedule(ctx.home);
  const runs = core.readRuns(ctx.home);
  const view = core.scheduleView(ctx.home);
  const missing = installed ? core.missingFiles(installed) : [];
  const lastRun = runs[0] ? { ...runs[0], result: core.effectiveResult(runs[0]) } : undefined;
  out.data(
    core.resultOf(core.operations['schedule-status'], {
      installed: installed !== undefined,
      ...(installed
        ? { method: installed.method, at: installed.at, server: installed.server, files: installed.files, missing }
        : {}),
      ...(installed ? { enabled: installed.enabled } : {}),
      ...(lastRun ? { lastRun } : {}),
      ...(view.nextRun ? { nextRun: view.nextRun } : {}),
    }),
  );
  const nl = out.lang === 'nl';
  const row = (label: string, value: string) => out.line(`${label.padEnd(14)} ${value}`);
  if (!installed) {
    row(
      nl ? 'Schema' : 'Schedule',
      out.t(l('niet ingepland ("kluis schedule install")', 'not scheduled ("kluis schedule install")')),
    );
  } else {
    const state = installed.enabled
      ? out.t(l('ingeschakeld', 'enabled'))
      : out.t(l('bestanden geschreven, niet ingeschakeld', 'files written, not enabled'));
    row(
      nl ? 'Schema' : 'Schedule',
      `${whenText(out, installed.at, installed.method)}, ${out.t(methodWords[installed.method]!)} (${state})`,
    );
    row('Server', installed.server);
    for (const [i, f] of installed.files.entries())
      row(
        i === 0 ? (nl ? 'Bestanden' : 'Files') : '',
        missing.includes(f) ? `${f} (${out.t(l('ontbreekt', 'missing'))})` : f,
      );
  }
  row(nl ? 'Laatste keer' : 'Last run', runs[0] ? runLine(out, runs[0]) : out.t(l('nog geen', 'none yet')));
  if (runs[0]) for (const line of runFailures(out, runs[0])) out.line(line);
  if (view.nextRun) row(nl ? 'Volgende keer' : 'Next run', out.date(view.nextRun));
  return 0;
});

const removeCommand = operationCommand(core.operations['schedule-remove'], async ({ global, out }) => {
  const ctx = contextFor(global);
  const r = core.removeSchedule(ctx);
  out.data(core.resultOf(core.operations['schedule-remove'], r));
  if (!r.method) {
    out.line(
      out.t(
        l(
          'Er was geen nachtelijke back-up ingepland; er is niets weggehaald.',
          'No nightly run was scheduled; nothing was removed.',
        ),
      ),
    );
    return 0;
  }
  out.line(
    out.t(
      l(
        'De nachtelijke back-up is weggehaald. Back-ups en het verslag van eerdere nachten blijven.',
        'The nightly run was removed. Backups and the record of earlier runs stay.',
      ),
    ),
  );
  for (const f of r.removed) out.line(`  ${f}`);
  if (r.disableLater.length) {
    out.line(
      out.t(
        l(
          'systemd draait hier niet als init; als het later draait, voer dan uit:',
          'systemd does not run as init here; when it does, run:',
        ),
      ),
    );
    for (const c of r.disableLater) out.line(`  ${c}`);
  }
  return 0;
});

const runCommand = operationCommand(core.operations['schedule-run'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const run = await core.runSchedule(ctx, {
    ...(values.verify ? { verify: true } : {}),
    ...(values.jobs !== undefined ? { jobs: Number(values.jobs) } : {}),
  });
  out.data(core.resultOf(core.operations['schedule-run'], run));
  out.line(`${out.t(l('Nachtelijke run', 'Nightly run'))} ${runLine(out, run)}`);
  for (const line of runFailures(out, run)) out.line(line);
  for (const r of run.repositories) {
    const n = r.prune?.outcome === 'ok' ? r.prune.removed : 0;
    if (n > 0)
      out.line(
        `  ${out.t(
          l(
            `${r.name}: ${out.count(n)} ${n === 1 ? 'oude back-up' : 'oude back-ups'} opgeruimd volgens het bewaarbeleid`,
            `${r.name}: ${out.count(n)} old ${n === 1 ? 'backup' : 'backups'} pruned by the retention policy`,
          ),
        )}`,
      );
  }
  if (run.result === 'ok') return 0;
  const failed = run.administrations.filter((a) => a.outcome === 'failed').length;
  const prunes = run.repositories.filter((r) => r.prune?.outcome === 'failed').length;
  const parts = (lang: 'nl' | 'en') => {
    const nl = lang === 'nl';
    const list: string[] = [];
    if (failed)
      list.push(
        nl
          ? `${failed} van ${run.administrations.length} back-ups niet gemaakt`
          : `${failed} of ${run.administrations.length} backups not made`,
      );
    if (prunes)
      list.push(
        nl
          ? `${prunes} ${prunes === 1 ? 'opslagplaats' : 'opslagplaatsen'} niet opgeruimd`
          : `${prunes} ${prunes === 1 ? 'repository' : 'repositories'} not pruned`,
      );
    return list.join(nl ? ' en ' : ' and ');
  };
  throw new ToolError('SCHEDULE_RUN_INCOMPLETE', { failed: { nl: parts('nl'), en: parts('en') } });
});

/** The report as lines of text: what a person reads, and what a ping carries to the monitor. */
function checkLines(out: Output, report: core.CheckReport): string[] {
  const lines: string[] = [];
  const flagged = report.administrations.filter((a) => a.state !== 'ok');
  const total = report.administrations.length;
  if (total === 0)
    lines.push(
      out.t(
        l(
          `Er zijn geen administraties op server "${report.server}".`,
          `There are no administrations on server "${report.server}".`,
        ),
      ),
    );
  else if (flagged.length === 0)
    lines.push(
      out.t(
        l(
          total === 1
            ? `De administratie op server "${report.server}" heeft een recente goede back-up.`
            : `Alle ${out.count(total)} administraties op server "${report.server}" hebben een recente goede back-up.`,
          total === 1
            ? `The administration on server "${report.server}" has a recent good backup.`
            : `All ${out.count(total)} administrations on server "${report.server}" have a recent good backup.`,
        ),
      ),
    );
  else {
    lines.push(
      out.t(
        flagged.length === 1
          ? l(
              `1 van de ${out.count(total)} administraties op server "${report.server}" heeft geen recente goede back-up:`,
              `1 of the ${out.count(total)} administrations on server "${report.server}" has no recent good backup:`,
            )
          : l(
              `${out.count(flagged.length)} van de ${out.count(total)} administraties op server "${report.server}" hebben geen recente goede back-up:`,
              `${out.count(flagged.length)} of the ${out.count(total)} administrations on server "${report.server}" have no recent good backup:`,
            ),
      ),
    );
    lines.push(
      table(
        out.lang === 'nl' ? ['Nr', 'Naam', 'Back-up'] : ['No', 'Name', 'Backup'],
        flagged.map((a) => [a.number, a.name, out.t(core.freshnessText(a))]),
      ),
    );
  }
  const last = report.schedule.lastFinishedRun;
  if (last && last.result !== 'ok')
    lines.push(
      out.t(
        last.result === 'interrupted'
          ? l(
              `De laatste nachtelijke back-up (${out.date(last.startedAt)}) is afgebroken.`,
              `The last nightly run (${out.date(last.startedAt)}) was cut off.`,
            )
          : l(
              `De laatste nachtelijke back-up (${out.date(last.startedAt)}) is mislukt; "kluis schedule status" zegt waarom.`,
              `The last nightly run (${out.date(last.startedAt)}) failed; "kluis schedule status" says why.`,
            ),
      ),
    );
  return lines;
}

function pingLine(p: core.PingResult): Localized {
  if (p.delivered) return l(`Ping naar ${p.host} is aangekomen.`, `Ping to ${p.host} arrived.`);
  const why =
    p.problem === 'timeout'
      ? l('geen antwoord binnen tien seconden', 'no answer within ten seconds')
      : p.problem === 'status'
        ? l(`de bewaking antwoordde met HTTP ${p.status}`, `the monitor answered HTTP ${p.status}`)
        : l('de bewaking is niet te bereiken', 'the monitor cannot be reached');
  const tries = p.attempts === 1 ? l('1 poging', '1 attempt') : l(`${p.attempts} pogingen`, `${p.attempts} attempts`);
  return l(
    `Ping naar ${p.host} is niet aangekomen (${why.nl}, ${tries.nl}); de uitkomst van de controle blijft dezelfde.`,
    `Ping to ${p.host} did not arrive (${why.en}, ${tries.en}); the outcome of the check stays the same.`,
  );
}

const checkCommand = operationCommand(core.operations.check, async ({ values, global, out }) => {
  const url = values.ping !== undefined ? core.parsePingUrl(values.ping) : undefined;
  let report: core.CheckReport;
  try {
    report = await core.checkBackups(contextFor(global));
  } catch (err) {
    // A check that cannot look (the server unreachable, or not set up at all) is the worst news for a monitor:
    // it hears /fail.
    if (url) {
      const pinged = await core.ping(url, false, out.t(core.recordedFailure(err).message));
      (pinged.delivered ? out.note : out.warn)(out.t(pingLine(pinged)));
    }
    throw err;
  }
  const lines = checkLines(out, report);
  const pinged = url ? await core.ping(url, report.ok, lines.join('\n')) : undefined;
  out.data(core.resultOf(core.operations.check, { ...report, ...(pinged ? { ping: pinged } : {}) }));
  for (const line of lines) out.line(line);
  if (pinged) (pinged.delivered ? out.line : out.warn)(out.t(pingLine(pinged)));
  if (report.ok) return 0;
  const lastRun = report.lastRunFailed
    ? (report.schedule.lastFinishedRun?.result as 'failed' | 'interrupted')
    : undefined;
  throw new ToolError('CHECK_FOUND_PROBLEMS', { findings: core.findingsText(report.flagged.length, lastRun) });
});

export const scheduleCommands: CommandSpec[] = [installCommand, statusCommand, removeCommand, runCommand];
export const checkCommands: CommandSpec[] = [checkCommand];
