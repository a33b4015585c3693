/** Failures kluis did not foresee. */
import { defineErrors, ExitCode } from '../definition.js';

export const internalErrors = defineErrors({
  INTERNAL: {
    exit: ExitCode.internal,
    category: 'internal',
    message: { nl: 'Er ging intern iets mis: {detail}', en: 'Something went wrong inside kluis: {detail}' },
    hints: [
      {
        nl: 'Dit is een fout in kluis. Meld hem met de uitvoer van dezelfde opdracht met --debug.',
        en: 'This is a bug in kluis. Please report it with the output of the same command run with --debug.',
        web: {
          nl: 'Dit is een fout in kluis. Meld hem met de details uit het venster waarin "kluis start" draait.',
          en: 'This is a bug in kluis. Please report it with the details from the window where "kluis start" runs.',
        },
      },
    ],
  },
});
