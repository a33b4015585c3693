/** kluis repository list | add | remove | test */
import * as core from '../../core/index.js';
import { type CommandSpec, l } from '../command.js';
import { operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { askPassword } from '../prompt.js';

/**
 * The keys from --credentials-file: a file, or for "-" standard input; on a
 * terminal the two keys are asked for one after the other, unseen.
 */
async function credentialsOption(file: string | undefined, out: Output) {
  if (file === undefined) return undefined;
  if (file === '-' && process.stdin.isTTY) {
    const accessKeyId = await askPassword(out.t(l('Toegangssleutel: ', 'Access key: ')));
    const secretAccessKey = await askPassword(out.t(l('Geheime sleutel: ', 'Secret key: ')));
    return core.parseCredentials(`${accessKeyId}\n${secretAccessKey}\n`, '-');
  }
  // "-" is standard input, read as every secret's "-" is (a pipe too; /dev/stdin was refused as no ordinary file).
  return core.readCredentialsFile(file);
}

const kindWords = { folder: l('map', 'folder'), s3: l('objectopslag', 'object storage') } as const;

const listCommand = operationCommand(core.operations['repository-list'], async ({ global, out }) => {
  const repositories = core.listRepositories(core.resolveHome(global.home));
  out.data(core.resultOf(core.operations['repository-list'], { repositories }));
  if (repositories.length === 0) {
    out.line(
      out.t(
        l(
          'Er zijn nog geen opslagplaatsen. Voeg er een toe met: kluis repository add <naam> <map of s3://bucket/map/>',
          'There are no repositories yet. Add one with: kluis repository add <name> <folder or s3://bucket/folder/>',
        ),
      ),
    );
    return 0;
  }
  const nl = out.lang === 'nl';
  out.line(
    table(
      nl
        ? ['Naam', 'Soort', 'Plaats', 'Adres', 'Regio', 'Sleutels']
        : ['Name', 'Kind', 'Location', 'Address', 'Region', 'Keys'],
      repositories.map((r) => [
        r.name,
        out.t(kindWords[r.kind]),
        r.url,
        r.endpoint ?? (r.kind === 's3' ? 'AWS_ENDPOINT_URL / AWS' : '-'),
        r.region ?? (r.kind === 's3' ? 'AWS_REGION' : '-'),
        r.kind === 'folder'
          ? '-'
          : r.hasStoredCredentials
            ? out.t(l('opgeslagen (versleuteld)', 'stored (encrypted)'))
            : out.t(l('uit AWS-variabelen of ~/.aws', 'from AWS variables or ~/.aws')),
      ]),
    ),
  );
  return 0;
});

const addCommand = operationCommand(core.operations['repository-add'], async ({ values, global, out }) => {
  const home = core.resolveHome(global.home);
  core.validateRepositoryName(values.repository);
  const credentials = await credentialsOption(values['credentials-file'], out);
  const added = core.addRepository(home, {
    name: values.repository,
    url: values['repository-url'],
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(credentials ? { credentials } : {}),
  });
  const { policy: _none, ...shown } = added;
  out.data(core.resultOf(core.operations['repository-add'], shown));
  out.line(
    out.t(
      l(
        `Opslagplaats "${added.name}" is toegevoegd: ${added.url}. Probeer hem met: kluis repository test ${added.name}`,
        `Repository "${added.name}" was added: ${added.url}. Try it with: kluis repository test ${added.name}`,
      ),
    ),
  );
  return 0;
});

const removeCommand = operationCommand(core.operations['repository-remove'], async ({ values, global, out }) => {
  core.removeRepository(core.resolveHome(global.home), values.repository);
  out.data(core.resultOf(core.operations['repository-remove'], { removed: values.repository }));
  out.line(
    out.t(
      l(
        `Opslagplaats "${values.repository}" is vergeten; de back-ups erin zijn blijven staan.`,
        `Repository "${values.repository}" was forgotten; the backups in it were left as they are.`,
      ),
    ),
  );
  return 0;
});

const testCommand = operationCommand(core.operations['repository-test'], async ({ values, global, out }) => {
  const r = await core.testRepository(core.resolveHome(global.home), values['repository-location']);
  out.data(core.resultOf(core.operations['repository-test'], r));
  out.line(
    out.t(
      l(
        `In orde: ${r.url} nam een proefbestand van ${out.bytes(r.probeBytes)} aan, gaf het ongeschonden terug en verwijderde het (${out.seconds(r.seconds)}); er staan ${out.count(r.backups)} back-ups.`,
        `OK: ${r.url} took a probe file of ${out.bytes(r.probeBytes)}, gave it back unchanged and removed it (${out.seconds(r.seconds)}); it holds ${out.count(r.backups)} backups.`,
      ),
    ),
  );
  return 0;
});

export const repositoryCommands: CommandSpec[] = [listCommand, addCommand, removeCommand, testCommand];
