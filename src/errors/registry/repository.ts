/** Repositories: folders and S3-compatible object storage where backups are kept, and what is kept there. */
import { defineErrors, ExitCode } from '../definition.js';

const checkSettings = {
  nl: 'Controleer de instellingen met "kluis repository list" en probeer ze met "kluis repository test".',
  en: 'Check the settings with "kluis repository list" and try them with "kluis repository test".',
  web: null,
} as const;

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
  REPOSITORY_URL_INVALID: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: '"{url}" is geen adres van objectopslag.',
      en: '"{url}" is not an object storage address.',
    },
    hints: [
      {
        nl: 'Schrijf het als s3://bucket/map/ (een map in de bucket) of s3://bucket/map/bestand.ebu (één back-up).',
        en: 'Write it as s3://bucket/folder/ (a folder in the bucket) or s3://bucket/folder/file.ebu (one backup).',
      },
    ],
  },
  REPOSITORY_LOCATION_EMPTY: {
    exit: ExitCode.usage,
    category: 'usage',
    message: {
      nl: 'Er is geen opslagplaats opgegeven: de waarde is leeg.',
      en: 'No repository was given: the value is empty.',
    },
    hints: [
      {
        nl: 'Geef een map, de naam van een opslagplaats of s3://bucket/map/; laat de optie weg voor de back-upmap van kluis.',
        en: "Give a folder, a repository's name or s3://bucket/folder/; leave the option out for kluis's backup folder.",
        web: {
          nl: 'Geef een map, de naam van een opslagplaats of s3://bucket/map/.',
          en: "Give a folder, a repository's name or s3://bucket/folder/.",
        },
      },
    ],
  },
  REPOSITORY_LABEL_INVALID: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: '"{input}" kan geen naam van een opslagplaats zijn.',
      en: '"{input}" cannot be the name of a repository.',
    },
    hints: [
      {
        nl: 'Gebruik letters, cijfers, - en _ (hoogstens 40), te beginnen met een letter.',
        en: 'Use letters, digits, - and _ (at most 40), starting with a letter.',
      },
    ],
  },
  REPOSITORY_NOT_FOUND: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Opslagplaats "{repository}" is niet bekend.',
      en: 'Repository "{repository}" is not known.',
    },
    hints: [
      {
        nl: 'Zie "kluis repository list", of voeg hem toe met "kluis repository add".',
        en: 'See "kluis repository list", or add it with "kluis repository add".',
        web: null,
      },
    ],
  },
  REPOSITORY_EXISTS: {
    exit: ExitCode.conflict,
    category: 'user',
    message: {
      nl: 'Er is al een opslagplaats met de naam "{repository}".',
      en: 'There is already a repository named "{repository}".',
    },
    hints: [
      {
        nl: 'Kies een andere naam, of verwijder de oude eerst met "kluis repository remove".',
        en: 'Choose another name, or remove the old one first with "kluis repository remove".',
        web: null,
      },
    ],
  },
  REPOSITORY_SETTING_NOT_S3: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'Opslagplaats "{repository}" is een map: {setting} geldt alleen voor objectopslag (s3://…).',
      en: 'Repository "{repository}" is a folder: {setting} applies to object storage (s3://…) only.',
    },
    hints: [{ nl: 'Laat {setting} weg.', en: 'Leave {setting} out.' }],
  },
  REPOSITORY_CREDENTIALS_FILE_INVALID: {
    exit: ExitCode.usage,
    category: 'user',
    message: {
      nl: 'In "{path}" staan geen toegangssleutel en geheime sleutel voor objectopslag.',
      en: '"{path}" does not hold an access key and a secret key for object storage.',
    },
    hints: [
      {
        nl: 'Zet de toegangssleutel op de eerste regel en de geheime sleutel op de tweede, of gebruik de vorm van ~/.aws/credentials (aws_access_key_id = … en aws_secret_access_key = …).',
        en: 'Put the access key on the first line and the secret key on the second, or use the form of ~/.aws/credentials (aws_access_key_id = … and aws_secret_access_key = …).',
      },
    ],
  },
  REPOSITORY_NO_CREDENTIALS: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Er zijn geen sleutels gevonden om objectopslag {url} te gebruiken.',
      en: 'No keys were found to use object storage {url}.',
    },
    hints: [
      {
        nl: 'Zet AWS_ACCESS_KEY_ID en AWS_SECRET_ACCESS_KEY (of AWS_PROFILE met ~/.aws/credentials), of bewaar ze versleuteld met "kluis repository add <naam> <url> --credentials-file F".',
        en: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with ~/.aws/credentials), or store them encrypted with "kluis repository add <name> <url> --credentials-file F".',
        web: null,
      },
    ],
  },
  REPOSITORY_REGION_MISSING: {
    exit: ExitCode.usage,
    category: 'environment',
    message: {
      nl: 'Voor objectopslag {url} is geen regio ingesteld.',
      en: 'No region is set for object storage {url}.',
    },
    hints: [
      {
        nl: 'Zet AWS_REGION, of geef --region bij "kluis repository add".',
        en: 'Set AWS_REGION, or give --region to "kluis repository add".',
        web: null,
      },
    ],
  },
  REPOSITORY_UNREACHABLE: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Objectopslag {url} is niet bereikbaar of geeft geen antwoord ({endpoint}).',
      en: 'Object storage {url} cannot be reached or does not answer ({endpoint}).',
    },
    hints: [
      {
        nl: 'kluis heeft het een paar keer opnieuw geprobeerd. Controleer het adres (AWS_ENDPOINT_URL of --endpoint) en de netwerkverbinding, en probeer het later nog eens.',
        en: 'kluis tried again a few times. Check the address (AWS_ENDPOINT_URL or --endpoint) and the network connection, and try again later.',
        web: null,
      },
    ],
  },
  REPOSITORY_ACCESS_DENIED: {
    exit: ExitCode.connection,
    category: 'environment',
    message: {
      nl: 'Objectopslag {url} weigert de toegang: de sleutels kloppen niet of hebben geen recht op deze bucket.',
      en: 'Object storage {url} refuses access: the keys are wrong or have no rights on this bucket.',
    },
    hints: [
      {
        nl: 'Controleer de toegangssleutel en de geheime sleutel (AWS_ACCESS_KEY_ID, AWS_PROFILE of de opgeslagen sleutels van de opslagplaats).',
        en: 'Check the access key and the secret key (AWS_ACCESS_KEY_ID, AWS_PROFILE or the repository’s stored keys).',
        web: null,
      },
    ],
  },
  REPOSITORY_BUCKET_MISSING: {
    exit: ExitCode.notFound,
    category: 'environment',
    message: {
      nl: 'Bucket "{bucket}" bestaat niet in objectopslag {endpoint}.',
      en: 'Bucket "{bucket}" does not exist in object storage {endpoint}.',
    },
    hints: [
      {
        nl: 'Controleer de naam, of maak de bucket eerst aan bij de aanbieder van de opslag; kluis maakt geen buckets.',
        en: 'Check the name, or create the bucket with the storage provider first; kluis does not create buckets.',
        web: null,
      },
    ],
  },
  REPOSITORY_FILE_MISSING: {
    exit: ExitCode.notFound,
    category: 'user',
    message: {
      nl: 'Back-up {location} bestaat niet.',
      en: 'Backup {location} does not exist.',
    },
    hints: [checkSettings],
  },
  REPOSITORY_UPLOAD_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Het opslaan van {location} in objectopslag is mislukt.',
      en: 'Storing {location} in object storage failed.',
    },
    hints: [
      {
        nl: 'Er is niets onder die naam achtergebleven en de administratie is niet veranderd. Probeer het opnieuw; blijft het mislukken, kijk dan bij de aanbieder van de opslag.',
        en: 'Nothing was left under that name and the administration was not changed. Try again; if it keeps failing, ask the storage provider.',
      },
    ],
  },
  REPOSITORY_READ_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Het lezen van {location} uit objectopslag is mislukt.',
      en: 'Reading {location} from object storage failed.',
    },
    hints: [{ nl: 'Probeer het opnieuw.', en: 'Try again.' }, checkSettings],
  },
  REPOSITORY_PROBE_FAILED: {
    exit: ExitCode.environment,
    category: 'environment',
    message: {
      nl: 'Opslagplaats {url} gaf een proefbestand niet ongeschonden terug.',
      en: 'Repository {url} did not give a probe file back unchanged.',
    },
    hints: [
      {
        nl: 'De opslag bewaart niet wat kluis schrijft; gebruik hem niet voor back-ups en kijk bij de aanbieder.',
        en: 'The storage does not keep what kluis writes; do not use it for backups and ask the provider.',
        web: null,
      },
    ],
  },
});
