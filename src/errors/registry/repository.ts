/** Repositories: folders and S3-compatible object storage where backups are kept, and what is kept there. */
import { defineErrors, ExitCode } from '../definition.js';

export const repositoryErrors = defineErrors({
  REPOSITORY_NAME_INVALID: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: '"{name}" is geen bestandsnaam in een opslagplaats.',
      en: '"{name}" is not a file name in a repository.',
    },
    hints: [
      {
        nl: 'Geef de naam van een back-upbestand, zonder map ervoor.',
        en: 'Give the name of a backup file, without a folder in front.',
      },
    ],
  },
});
