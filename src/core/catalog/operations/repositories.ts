/**
 * Named repositories: where backups are kept (a folder or S3-compatible
 * object storage), listed, added, removed and tried. Keys never appear on
 * the command line: a file, standard input typed unseen, or the AWS
 * variables and files.
 */
import { l } from '../../../errors/index.js';
import type { OperationDeclaration } from '../types.js';

const none = { article: null, lock: null, confirmation: null, preview: [], phases: [] } as const;
const name = { input: 'repository', required: true, positional: true } as const;

export const listRepositoriesOperation = {
  id: 'repository-list',
  words: ['repository', 'list'],
  summary: l('toont de opslagplaatsen voor back-ups', 'lists the repositories for backups'),
  description: l(
    'Met naam, soort (map of objectopslag), plaats, adres en regio van de opslag, en of er sleutels versleuteld bewaard zijn. Sleutels zelf worden nooit getoond.',
    'With name, kind (folder or object storage), location, address and region of the storage, and whether keys are stored encrypted. Keys themselves are never shown.',
  ),
  inputs: [],
  ...none,
  result: ['repositories'],
} as const satisfies OperationDeclaration;

export const addRepositoryOperation = {
  id: 'repository-add',
  words: ['repository', 'add'],
  summary: l('voegt een opslagplaats voor back-ups toe onder een naam', 'adds a repository for backups under a name'),
  description: l(
    'Een map, of S3-compatibele objectopslag (AWS S3, Ceph, MinIO, OpenStack Swift, elke cloud) als s3://bucket/map/. Adres, regio en sleutels komen uit de opties of uit AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE en ~/.aws. Sleutels uit --credentials-file worden versleuteld bewaard, nooit leesbaar in de instellingen. Probeer de opslagplaats daarna met "kluis repository test".',
    'A folder, or S3-compatible object storage (AWS S3, Ceph, MinIO, OpenStack Swift, every cloud) as s3://bucket/folder/. Address, region and keys come from the options or from AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws. Keys from --credentials-file are stored encrypted, never readable in the settings. Try the repository afterwards with "kluis repository test".',
  ),
  examples: [
    'kluis repository add nas /mnt/nas/kluis',
    'kluis repository add extern s3://kantoor-backups/kluis/ --endpoint https://s3.eu-central-1.example.com --region eu-central-1 --credentials-file sleutels.txt',
  ],
  inputs: [
    name,
    { input: 'repository-url', required: true, positional: true },
    { input: 'endpoint' },
    { input: 'region' },
    { input: 'credentials-file' },
  ],
  ...none,
  result: ['name', 'kind', 'url', 'endpoint', 'region', 'hasStoredCredentials'],
} as const satisfies OperationDeclaration;

export const removeRepositoryOperation = {
  id: 'repository-remove',
  words: ['repository', 'remove'],
  summary: l(
    'vergeet een opslagplaats (de back-ups erin blijven staan)',
    'forgets a repository (the backups in it stay)',
  ),
  inputs: [name],
  ...none,
  result: ['removed'],
} as const satisfies OperationDeclaration;

export const testRepositoryOperation = {
  id: 'repository-test',
  words: ['repository', 'test'],
  summary: l(
    'probeert een opslagplaats: schrijft, leest en verwijdert een klein proefbestand',
    'tries a repository: writes, reads back and removes a small probe file',
  ),
  description: l(
    'Zo blijkt vóór de eerste nacht of adres, sleutels en bucket kloppen. Het proefbestand is geen back-up en blijft nergens staan.',
    'So whether address, keys and bucket are right shows before the first night. The probe file is no backup and is left nowhere.',
  ),
  examples: ['kluis repository test extern', 'kluis repository test s3://kantoor-backups/kluis/'],
  inputs: [{ input: 'repository-location', required: true, positional: true }],
  ...none,
  result: ['repository', 'kind', 'url', 'backups', 'probeBytes', 'seconds'],
} as const satisfies OperationDeclaration;
