/** Retention: what `kluis backup prune` refuses to do. */
import { defineErrors, ExitCode } from '../definition.js';

export const retentionErrors = defineErrors({
  PRUNE_CLOCK_DISAGREES: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Back-up {file} in {repository} is gemaakt op {moment}, later dan de klok van deze computer ({now}), dus kluis verwijdert niets.',
      en: 'Backup {file} in {repository} was made on {moment}, later than the clock of this computer ({now}), so kluis removes nothing.',
    },
    hints: [
      {
        nl: 'Zet de klok goed van deze computer of van de computer die de back-up maakte, en ruim daarna opnieuw op.',
        en: 'Set the clock right on this computer or on the one that made the backup, then prune again.',
      },
      {
        nl: 'Met --dry-run ziet u zonder iets te verwijderen wat opruimen zou doen.',
        en: 'With --dry-run you see what pruning would do without removing anything.',
        web: null,
      },
    ],
  },
});
