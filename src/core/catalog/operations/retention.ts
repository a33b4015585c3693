/** Keeping backups by policy: kluis backup prune. */
import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';

export const pruneBackups = {
  id: 'prune',
  words: ['backup', 'prune'],
  summary: l(
    'ruimt oude back-ups op volgens het bewaarbeleid, met de bewaarplicht',
    'removes old backups by the retention policy, keeping the bewaarplicht',
  ),
  description: l(
    'Leest het manifest van elk back-upbestand in de opslagplaats (alleen het begin van het bestand), beslist per administratie wat blijft en toont bij elk bestand dat blijft de regel die het houdt; daarna verwijdert kluis de rest. Het beleid komt uit config.json (repositories.<naam>.policy); --keep-* op de opdrachtregel gaat daarvoor. De regels zijn die van restic: --keep-daily 7 houdt de nieuwste back-up van elk van de laatste 7 dagen met een back-up. Zonder enige --keep-regel blijft alles. Altijd blijven: de nieuwste goede back-up van elke administratie, elk bestand waarvan het manifest niet te lezen is (een versleutelde back-up zonder --passphrase-file of --identity-file), en voor de bewaarplicht de eerste back-up na het afsluiten van elk boekjaar, tot 7 jaar (--fiscal-years) na het einde van dat boekjaar. Een afgebroken opruimactie maakt "kluis recover" of de volgende opruimactie af.',
    'Reads the manifest of every backup file in the repository (only the start of the file), decides per administration what stays and shows, for each file that stays, the rule that keeps it; then kluis removes the rest. The policy comes from config.json (repositories.<name>.policy); --keep-* on the command line go first. The rules are restic\'s: --keep-daily 7 keeps the newest backup of each of the last 7 days that have a backup. Without any --keep rule everything stays. Always kept: the newest good backup of each administration, every file whose manifest cannot be read (an encrypted backup without --passphrase-file or --identity-file), and for the bewaarplicht the first backup after each fiscal year was closed, until 7 years (--fiscal-years) after that year ends. An interrupted prune is finished by "kluis recover" or the next prune.',
  ),
  examples: [
    'kluis backup prune kantoor --dry-run',
    'kluis backup prune /mnt/backups --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --keep-yearly 3',
    'kluis backup prune s3://kantoor/kluis/ --keep-last 30 --json',
  ],
  inputs: [
    { input: 'prune-repository', positional: true },
    { input: 'dry-run' },
    { input: 'keep-last' },
    { input: 'keep-daily' },
    { input: 'keep-weekly' },
    { input: 'keep-monthly' },
    { input: 'keep-yearly' },
    { input: 'fiscal-years' },
    { input: 'passphrase-file' },
    { input: 'identity-file' },
  ],
  article: null,
  // It locks no administration: it reads files and removes those the policy lets go, journaled.
  lock: null,
  confirmation: null,
  preview: [],
  result: ['repository', 'policy', 'dryRun', 'files', 'removed', 'freedBytes', 'settled', 'abortedUploads'],
  phases: [
    { id: 'read', label: l('Manifesten lezen', 'Reading manifests') },
    { id: 'remove', label: l('Verwijderen', 'Removing') },
  ],
} as const satisfies OperationDeclaration;
