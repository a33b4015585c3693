/**
 * The nightly run of a firm's server (kluis schedule install | status |
 * remove | run) and the watch over it (kluis check): what an administrator
 * sets up once and a monitor asks every hour.
 */
import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';

const plain = { article: null, lock: null, confirmation: null, preview: [], phases: [] } as const;

export const installSchedule = {
  id: 'schedule-install',
  words: ['schedule', 'install'],
  summary: l(
    'plant de nachtelijke back-up van elke administratie in (systemd-timer of cron)',
    'schedules the nightly backup of every administration (systemd timer or cron)',
  ),
  description: l(
    'Elke nacht voert de timer "kluis schedule run" uit: een back-up van elke administratie op de server (--server) in elke ingestelde opslagplaats ("kluis repository list"), daarna het opruimen van elke opslagplaats volgens haar bewaarbeleid. Waar systemd draait komen kluis-backup.service en kluis-backup.timer in /etc/systemd/system (als root) of ~/.config/systemd/user (anders) en wordt de timer ingeschakeld; Persistent=true haalt een gemiste nacht in na het opstarten. Zonder systemd komt er een regel in /etc/cron.d/kluis (als root) of in uw crontab. Is systemd geïnstalleerd maar draait het niet (een container), dan worden de bestanden geschreven en staat erbij wat u moet uitvoeren. Is er geen van beide, dan zegt kluis dat en toont wat waar moet. --verify en --jobs gaan mee naar de run (zie "kluis backup all"). Nog eens installeren vervangt het vorige schema; "kluis schedule remove" haalt het weg.',
    'Every night the timer runs "kluis schedule run": a backup of every administration on the server (--server) into every configured repository ("kluis repository list"), then the pruning of each repository by its retention policy. Where systemd runs, kluis-backup.service and kluis-backup.timer go into /etc/systemd/system (as root) or ~/.config/systemd/user (otherwise) and the timer is enabled; Persistent=true catches up a missed night after boot. Without systemd a line goes into /etc/cron.d/kluis (as root) or your crontab. When systemd is installed but not running (a container), the files are written and the commands to run are printed. With neither, kluis says so and shows what goes where. --verify and --jobs are handed to the run (see "kluis backup all"). Installing again replaces the earlier schedule; "kluis schedule remove" takes it away.',
  ),
  examples: [
    'kluis schedule install',
    'kluis schedule install --at 01:15 --server kantoor',
    'kluis schedule install --verify --jobs 2',
    'kluis schedule install --root /tmp/proef && systemd-analyze verify /tmp/proef/etc/systemd/system/kluis-backup.*',
  ],
  inputs: [
    { input: 'at' },
    { input: 'method' },
    { input: 'jobs' },
    { input: 'verify' },
    { input: 'root' },
    { input: 'dry-run' },
  ],
  ...plain,
  result: [
    'method',
    'at',
    'server',
    'files',
    'enabled',
    'enableLater',
    'crontabLine',
    'root',
    'replaced',
    'command',
    'nextRun',
  ],
} as const satisfies OperationDeclaration;

export const scheduleStatus = {
  id: 'schedule-status',
  words: ['schedule', 'status'],
  summary: l(
    'toont het schema, de laatste nachtelijke back-up met haar uitkomst en de volgende nachtelijke back-up',
    'shows the schedule, the last run with its result, and the next run',
  ),
  description: l(
    'Hoe en wanneer de nachtelijke back-up is ingepland, of de bestanden er nog staan, hoe de laatste nachtelijke back-up afliep (per administratie die mislukte: waarom) en wanneer de volgende begint.',
    'How and when the nightly run is scheduled, whether its files are still there, how the last run went (for each administration that failed: why) and when the next one starts.',
  ),
  examples: ['kluis schedule status', 'kluis schedule status --json'],
  inputs: [],
  ...plain,
  result: ['installed', 'method', 'at', 'server', 'files', 'missing', 'enabled', 'lastRun', 'nextRun'],
} as const satisfies OperationDeclaration;

export const removeSchedule = {
  id: 'schedule-remove',
  words: ['schedule', 'remove'],
  summary: l('haalt de nachtelijke back-up weg', 'removes the nightly run'),
  description: l(
    'Schakelt de timer uit (of haalt de cron-regel weg) en verwijdert precies de bestanden die "kluis schedule install" schreef. Back-ups en het verslag van eerdere nachten blijven.',
    'Disables the timer (or takes the cron line away) and removes exactly the files "kluis schedule install" wrote. Backups and the record of earlier runs stay.',
  ),
  inputs: [],
  ...plain,
  result: ['method', 'removed', 'disableLater'],
} as const satisfies OperationDeclaration;

export const runSchedule = {
  id: 'schedule-run',
  words: ['schedule', 'run'],
  summary: l(
    'de nachtelijke back-up zelf: back-up van alles in elke opslagplaats, dan opruimen',
    'the nightly run itself: back up everything into every repository, then prune',
  ),
  description: l(
    'Wat de timer elke nacht uitvoert; met de hand te starten om het schema te proberen. Maakt een back-up van elke administratie op de server in elke ingestelde opslagplaats en ruimt daarna elke opslagplaats op volgens haar beleid. Het begin, het einde en de uitkomst per administratie komen in het verslag in de thuismap, dat "kluis schedule status" en "kluis check" lezen. Er loopt er één tegelijk; Ctrl-C of het stoppen van de timer maakt de back-up die bezig is ongedaan en ruimt niet op (code 130). Eindigt met code 12 als niet elke administratie een back-up kreeg.',
    'What the timer runs every night; start it by hand to try the schedule. Backs up every administration on the server into every configured repository, then prunes each repository by its policy. The start, the end and each administration’s outcome go into the record in the home folder, which "kluis schedule status" and "kluis check" read. One runs at a time; Ctrl-C or the timer being stopped undoes the backup under way and prunes nothing (code 130). Ends with code 12 when not every administration got a backup.',
  ),
  inputs: [{ input: 'jobs' }, { input: 'verify' }],
  ...plain,
  result: [
    'id',
    'result',
    'startedAt',
    'endedAt',
    'host',
    'pid',
    'server',
    'administrations',
    'repositories',
    'failure',
  ],
} as const satisfies OperationDeclaration;

export const checkBackups = {
  id: 'check',
  words: ['check'],
  summary: l(
    'meldt administraties zonder recente goede back-up, en een mislukte nachtelijke back-up',
    'reports administrations without a recent good backup, and a failed nightly run',
  ),
  description: l(
    'Voor bewaking (Nagios, Zabbix, cron, healthchecks.io). Een administratie wordt gemeld als haar nieuwste goede back-up in een opslagplaats ouder is dan het beleid van die opslagplaats toestaat (maxAgeHours, standaard 26 uur), of als er geen is; een bestand dat is opgeruimd of niet meer bestaat telt niet. Zonder opslagplaatsen telt elke back-up uit de geschiedenis. Ook gemeld: de laatste nachtelijke back-up mislukte of werd afgebroken. Eindigt met 0 als alles in orde is en met 12 als er iets gemeld is; --json geeft het hele verslag. Met --ping URL gaat de uitkomst naar een bewaking: URL als alles in orde is, URL/fail als niet (tien seconden per poging, drie pogingen); een controle die niet kan kijken (de server onbereikbaar) meldt URL/fail en eindigt met haar eigen fout; een ping die niet aankomt wordt gemeld maar verandert de uitkomst niet.',
    'For monitoring (Nagios, Zabbix, cron, healthchecks.io). An administration is reported when its newest good backup in a repository is older than that repository’s policy allows (maxAgeHours, default 26 hours), or when there is none; a file that was pruned or no longer exists does not count. Without repositories, any backup in the history counts. Also reported: the last nightly run failed or was cut off. Ends with 0 when all is well and 12 when something is reported; --json gives the whole report. With --ping URL the outcome goes to a monitor: URL when all is well, URL/fail when not (ten seconds per attempt, three attempts); a check that cannot look (the server unreachable) reports URL/fail and ends with its own error; a ping that does not arrive is reported but does not change the outcome.',
  ),
  examples: ['kluis check', 'kluis check --json', 'kluis check --ping https://hc-ping.com/<uuid>'],
  inputs: [{ input: 'ping' }],
  ...plain,
  result: ['ok', 'checkedAt', 'server', 'flagged', 'administrations', 'schedule', 'lastRunFailed', 'ping'],
} as const satisfies OperationDeclaration;
