/** Steps that several actions share: the backup file, its passphrase, the server, the target and where the files go. */
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import * as core from '../core/index.js';
import { isToolError, type Localized, ToolError } from '../errors/index.js';
import { inputField } from './fields.js';
import { handOutHint, outstandingByNumber } from './hand-outs.js';
import {
  type Answers,
  type Choice,
  type Field,
  FieldError,
  l,
  type StepDefinition,
  text,
  type WizardEnv,
} from './model.js';

/** Turns a ToolError from a check into an error at the field, so the step is shown again with it. */
export async function atField<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ToolError) throw new FieldError(field, err);
    throw err;
  }
}

/**
 * Paths in the wizard are full paths: kluis may run in another folder than
 * the user thinks of (the web wizard always does), so a relative one would
 * land somewhere unexpected.
 */
export function requireAbsolute(answers: Answers, ids: readonly string[], example: string): void {
  for (const id of ids) {
    const path = text(answers, id);
    // A backup in object storage (s3://bucket/…/name.ebu) is an address, not a path on this computer.
    if (path && !isAbsolute(path) && !core.isObjectStoreLocation(path))
      throw new FieldError(
        id,
        new ToolError('PATH_NOT_ABSOLUTE', { path: path.length > 80 ? `${path.slice(0, 80)}…` : path, example }),
      );
  }
}

export function keysOf(answers: Answers): core.DecryptionKeys | undefined {
  const passphrase = text(answers, 'passphrase');
  return passphrase ? { passphrase } : undefined;
}

/**
 * Reads the manifest (and with a passphrase, decrypts its start) of a file on
 * this computer or an object in a repository (`s3://…/name.ebu`, with ranged
 * reads); refuses a missing, unreadable or special file, or a folder.
 */
export async function inspectFile(home: string, path: string, keys?: core.DecryptionKeys): Promise<core.InspectResult> {
  const source = await core.openBackupSource(home, path);
  try {
    return await core.inspectBackup(source.stream, path, keys, source.seek);
  } finally {
    source.stream.destroy();
  }
}

/**
 * Works on the backup as a stream — a file on this computer, or an object in
 * a repository, read straight from the store as `kluis backup restore
 * s3://…` does — and closes it afterwards, also when the work fails before
 * it read a byte.
 */
export async function withSource<T>(home: string, path: string, work: (source: Readable) => Promise<T>): Promise<T> {
  const { stream } = await core.openBackupSource(home, path);
  try {
    return await work(stream);
  } finally {
    stream.destroy();
  }
}

/**
 * The history rows the file step offers: the files that can still be read
 * (on this computer and there, or in object storage, which the history does
 * not ask). One prune removed or that is gone is left out; each row keeps
 * its Nr from `kluis backup history`, so a Nr means the same file in both.
 */
export function offeredHistory(entries: readonly core.HistoryEntry[]): core.HistoryEntry[] {
  return entries.filter((h) => h.state === 'present' || h.state === 'unchecked');
}

/**
 * The file name, with the backup history (Nr 1 = newest); a row fills in the
 * file. The words suit both shells: the web page adds its own upload
 * ("Of kies een bestand van deze computer"), the terminal takes a row's Nr.
 */
export const backupFileStep: StepDefinition = {
  id: 'file',
  inputs: ['file'],
  async screen(_answers, env) {
    const history = await core
      .backupHistory(env.context(env.open.server))
      .catch(() => ({ entries: [] as core.HistoryEntry[] }));
    return {
      title: l('Back-upbestand', 'Backup file'),
      intro: l(
        'Kies het back-upbestand (*.ebu): geef de naam van het bestand op de computer waarop kluis draait, of kies een back-up uit de historie.',
        'Choose the backup file (*.ebu): give the name of the file on the computer kluis runs on, or choose a backup from the history.',
      ),
      fields: [inputField('file')],
      table: {
        caption: l('Back-up: historie', 'Backup: history'),
        columns: [
          l('Nr.', 'No.'),
          l('Aanmaakdatum', 'Created'),
          l('Locatie', 'Location'),
          l('Grootte', 'Size'),
          l('Totaal: transacties', 'Total: transactions'),
          l('Totaal: documenten', 'Total: documents'),
        ],
        rows: offeredHistory(history.entries).map((h) => ({
          cells: [
            String(h.nr),
            core.formatDateTime(h.createdAt, env.lang),
            h.location,
            core.formatBytes(h.sizeBytes, env.lang),
            core.formatCount(h.transactions, env.lang),
            core.formatCount(h.documents, env.lang),
          ],
          fills: { field: 'file', value: h.location },
        })),
        empty: l('Nog geen back-ups gemaakt.', 'No backups made yet.'),
      },
    };
  },
  async check(answers, env) {
    requireAbsolute(answers, ['file'], join(env.context(env.open.server).paths.backupsDir, 'backup.ebu'));
    const path = text(answers, 'file');
    delete answers['fromName'];
    try {
      const { manifest } = await inspectFile(env.home, path);
      answers['encrypted'] = 'no';
      answers['fromName'] = manifest.administration.name;
    } catch (err) {
      if (isToolError(err, 'BACKUP_KEY_REQUIRED')) answers['encrypted'] = 'yes';
      else if (err instanceof ToolError) throw new FieldError('file', err);
      else throw err;
    }
  },
};

/**
 * For a client install: the client's kluis backup, or an XAF 3.2 auditfile
 * from another accounting package (answers.kind says which). An auditfile's
 * header is checked here; the whole file when the work runs.
 */
export const clientFileStep: StepDefinition = {
  ...backupFileStep,
  async screen(answers, env) {
    const screen = await backupFileStep.screen(answers, env);
    return {
      ...screen,
      fields: screen.fields.map((f) => ({
        ...f,
        accept: ['.ebu', '.xaf', '.xml'],
        example: l(
          'Bijvoorbeeld /media/usb/20261124-Bakkerij.ebu of /home/anna/Downloads/bakkerij-2025.xaf',
          'For example /media/usb/20261124-Bakery.ebu or /home/anna/Downloads/bakery-2025.xaf',
        ),
      })),
      title: l('Bestand van de klant', "The client's file"),
      intro: l(
        'Kies de back-up van de klant (*.ebu), of een XML Auditfile Financieel 3.2 (*.xaf) uit een ander boekhoudpakket: geef de naam van het bestand op de computer waarop kluis draait, of kies een back-up uit de historie.',
        "Choose the client's backup (*.ebu), or an XML Auditfile Financieel 3.2 (*.xaf) from another accounting package: give the name of the file on the computer kluis runs on, or choose a backup from the history.",
      ),
    };
  },
  async check(answers, env) {
    requireAbsolute(answers, ['file'], join(env.context(env.open.server).paths.backupsDir, 'klant.ebu'));
    const path = text(answers, 'file');
    // An auditfile is a file on this computer; an object in a repository is a kluis backup.
    const auditfile = !core.isObjectStoreLocation(path) && (await atField('file', async () => core.isAuditfile(path)));
    answers['kind'] = auditfile ? 'xaf' : 'ebu';
    if (auditfile) {
      answers['encrypted'] = 'no';
      delete answers['fromName']; // the company's name is read with the whole file, at the summary
    } else await backupFileStep.check!(answers, env);
  },
};

/** The passphrase of an encrypted backup; checked by decrypting the file's start. */
export const passphraseStep: StepDefinition = {
  id: 'passphrase',
  inputs: ['passphrase-file'],
  when: (answers) => answers['encrypted'] === 'yes',
  async screen() {
    return {
      title: l('Wachtwoord', 'Passphrase'),
      intro: l(
        'Deze back-up is versleuteld. Geef het wachtwoord waarmee hij gemaakt is.',
        'This backup is encrypted. Give the passphrase it was made with.',
      ),
      fields: [inputField('passphrase-file')],
    };
  },
  async check(answers, env) {
    const { manifest } = await atField('passphrase', () =>
      inspectFile(env.home, text(answers, 'file'), keysOf(answers)),
    );
    answers['fromName'] = manifest.administration.name;
  },
};

/** My computer, saying which server runs there; Server, with a name. */
export function serverField(env: WizardEnv): Field {
  return inputField('target-server', {
    kind: 'server',
    choices: [
      { value: core.localServerName, label: l('Mijn computer', 'My computer'), hint: core.myComputerServer() },
      {
        value: '',
        label: l('Server', 'Server'),
        hint: l(
          'een server die kluis kent, of de naam van de computer',
          'a server kluis knows, or the name of the computer',
        ),
      },
    ],
    suggestion: env.open.server,
  });
}

/**
 * My computer or a server by name (source: "Mijn computer" shows the server
 * there; "Server" takes a name or the magnifier; "Geavanceerd" the login).
 * A typed host becomes a named server once a connection works; the
 * connection is tested before Next.
 */
export function serverStep(title: Localized = l('Server', 'Server')): StepDefinition {
  return {
    id: 'server',
    inputs: ['target-server'],
    async screen(_answers, env) {
      return {
        title,
        intro: l(
          'Bij "Mijn computer" staat de PostgreSQL-server van deze computer. Is dat niet de server die u wilt, kies dan "Server" en vul de naam van de server in, of zoek hem op met Bladeren. Met Geavanceerd controleert of wijzigt u de aanmeldgegevens (gebruiker, wachtwoord, TLS).',
          '"My computer" shows the PostgreSQL server of this computer. If that is not the server you want, choose "Server" and fill in the name of the server, or look it up with Browse. Advanced checks or changes the login settings (user, password, TLS).',
        ),
        fields: [serverField(env)],
        serverPicker: true,
      };
    },
    async check(answers, env) {
      const name = await atField('server', () => core.resolveServerName(env.home, text(answers, 'server')));
      answers['server'] = name;
      await atField('server', async () => {
        const engine = env.context(name).engine;
        await engine.start();
        await engine.serverVersion();
      });
    },
  };
}

export function targetServer(answers: Answers, env: WizardEnv): string {
  return text(answers, 'server') || env.open.server;
}

/** The administration signed in to, as the core's rule about overwriting it wants it. */
export function openRef(env: WizardEnv): core.OpenRef {
  return { ctx: env.context(env.open.server), number: env.open.number, licenceHolder: env.open.licenceHolder };
}

/**
 * The name proposed for what a backup becomes (the source fills in the
 * administration's name): the backup's own, or with " (2)", " (3)" … when
 * the server has an administration of that name already, so that Next
 * works as proposed.
 */
export async function proposedName(answers: Answers, env: WizardEnv): Promise<string | undefined> {
  const name = text(answers, 'fromName').slice(0, core.maxNameLength).trim();
  if (!name) return undefined;
  const records = await core.listAdministrations(env.context(targetServer(answers, env))).catch(() => []);
  const taken = new Set(records.map((r) => core.adminNameKey(r.name)));
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${name.slice(0, core.maxNameLength - 6).trim()} (${n})`;
    if (!taken.has(core.adminNameKey(candidate))) return candidate;
  }
  return undefined;
}

/**
 * A name makes a new administration; a number restores into it and, when it
 * exists, needs the typed confirmation. The administration signed in to is
 * never a target: its licence and users are what the wizard works under.
 */
export function targetStep(
  intro: Localized,
  plan: (answers: Answers, env: WizardEnv) => Promise<void>,
): StepDefinition {
  return {
    id: 'target',
    inputs: ['to'],
    async screen(answers, env) {
      const proposed = await proposedName(answers, env);
      return {
        title: l('Administratie', 'Administration'),
        intro,
        fields: [inputField('to', proposed ? { suggestion: proposed } : {})],
      };
    },
    async check(answers, env) {
      delete answers['overwrites'];
      await atField('to', async () => {
        const ref = core.parseAdminRef(text(answers, 'to'));
        const ctx = env.context(targetServer(answers, env));
        core.refuseOverwritingOpen(openRef(env), ctx, text(answers, 'to'));
        if (ref.kind === 'number') {
          const records = await core.listAdministrations(ctx);
          if (records.some((r) => r.number === core.formatAdminNumber(ref.number))) {
            // Overwriting needs the right to open what is overwritten.
            await core.requireAdmitted(ctx, String(ref.number), env.open.userName);
          }
        }
        try {
          await plan(answers, env);
        } catch (err) {
          if (!isToolError(err, 'CONFIRMATION_REQUIRED') || ref.kind !== 'number') throw err;
          const what = err.params['what'] as Localized;
          answers['overwrites'] = JSON.stringify({ number: core.formatAdminNumber(ref.number), what });
        }
      });
    },
  };
}

/** The typed confirmation before an existing administration is overwritten. */
export const confirmOverwriteStep: StepDefinition = {
  id: 'confirm',
  inputs: ['replace'],
  when: (answers) => Boolean(answers['overwrites']),
  async screen(answers) {
    const { number, what } = JSON.parse(text(answers, 'overwrites')) as { number: string; what: Localized };
    return {
      title: l('Overschrijven bevestigen', 'Confirm overwriting'),
      notices: [
        {
          tone: 'warning',
          text: { nl: `${what.nl}. Dit kan niet ongedaan worden gemaakt.`, en: `${what.en}. This cannot be undone.` },
        },
      ],
      fields: [
        inputField('replace', {
          kind: 'confirm',
          expect: number,
          label: {
            nl: `Typ ${number} om administratie ${number} te overschrijven`,
            en: `Type ${number} to overwrite administration ${number}`,
          },
        }),
      ],
    };
  },
};

export function replaceOf(answers: Answers): number | undefined {
  return answers['overwrites'] ? core.parseAdminNumber(text(answers, 'replace')) : undefined;
}

/**
 * Checked again as the work starts, not only at the target step: overwriting
 * needs the right to open what is overwritten, and never overwrites the
 * administration signed in to, whatever the answers say.
 */
export async function requireMayOverwrite(answers: Answers, env: WizardEnv): Promise<number | undefined> {
  core.refuseOverwritingOpen(openRef(env), env.context(targetServer(answers, env)), text(answers, 'to'));
  const replace = replaceOf(answers);
  if (replace !== undefined)
    await core.requireAdmitted(env.context(targetServer(answers, env)), String(replace), env.open.userName);
  return replace;
}

/** Where the database files go: the database directory and, for a server, the same folder as the server sees it. */
export const placementStep: StepDefinition = {
  id: 'placement',
  inputs: ['database-dir', 'server-folder'],
  async screen(answers, env) {
    const onServer = env.context(targetServer(answers, env)).engine.kind === 'server';
    return {
      title: l('Databasemap', 'Database directory'),
      intro: onServer
        ? l(
            'Laat leeg voor de standaardplek van de server. De databasemap is de map zoals deze computer hem ziet (bijvoorbeeld een gedeelde map); de servermap is dezelfde map zoals de server hem ziet. kluis controleert dat het echt dezelfde map is.',
            "Leave empty for the server's default place. The database directory is the folder as this computer sees it (for example a shared folder); the server folder is the same folder as the server sees it. kluis checks that it really is the same folder.",
          )
        : l(
            'Laat leeg voor de standaardplek. De map moet al bestaan.',
            'Leave empty for the default place. The folder must already exist.',
          ),
      fields: [
        inputField('database-dir', { optional: true }),
        ...(onServer ? [inputField('server-folder', { optional: true })] : []),
      ],
    };
  },
  async check(answers, env) {
    requireAbsolute(answers, ['databaseDir', 'serverFolder'], '/srv/kluis');
    const input = placementOf(answers);
    const engine = env.context(targetServer(answers, env)).engine;
    await atField(input.serverFolder && input.databaseDir ? 'serverFolder' : 'databaseDir', () =>
      core.checkPlacement(engine, input),
    );
  },
};

export function placementOf(answers: Answers): core.PlacementInput {
  const databaseDir = text(answers, 'databaseDir');
  const serverFolder = text(answers, 'serverFolder');
  return { ...(databaseDir ? { databaseDir } : {}), ...(serverFolder ? { serverFolder } : {}) };
}

/** The administrations the signed-in user may open, as choices; one handed out says so beside its name. */
export async function admittedChoices(
  env: WizardEnv,
  leaveOut: (h: core.HandOutInfo | undefined) => boolean = () => false,
): Promise<Choice[]> {
  const ctx = env.context(env.open.server);
  const [records, handOuts] = await Promise.all([
    core.admittedAdministrations(ctx, env.open.userName),
    outstandingByNumber(ctx),
  ]);
  return records
    .filter((r) => !leaveOut(handOuts.get(r.number)))
    .map((r) => {
      const h = handOuts.get(r.number);
      return {
        value: core.formatAdminNumber(r.number),
        label: `${core.formatAdminNumber(r.number)} ${r.name}`,
        ...(h ? { hint: handOutHint(h) } : {}),
      };
    });
}

/**
 * The administration an action works on, from those that admit the signed-in
 * user (the open one proposed); `leaveOut`: those the action refuses by their
 * hand-out, not offered.
 */
export function administrationStep(
  intro: Localized,
  leaveOut?: (h: core.HandOutInfo | undefined) => boolean,
): StepDefinition {
  return {
    id: 'adm',
    inputs: ['adm'],
    async screen(_answers, env) {
      return {
        title: l('Administratie', 'Administration'),
        intro,
        fields: [
          inputField('adm', {
            kind: 'choice',
            choices: await admittedChoices(env, leaveOut),
            suggestion: core.formatAdminNumber(env.open.number),
          }),
        ],
      };
    },
    async check(answers, env) {
      await atField('adm', () =>
        core.requireAdmitted(env.context(env.open.server), text(answers, 'adm'), env.open.userName),
      );
    },
  };
}
