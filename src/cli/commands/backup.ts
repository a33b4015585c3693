/** kluis backup create | restore | verify | inspect | history, and kluis key generate */
import type { Readable } from 'node:stream';
import * as core from '../../core/index.js';
import { phrase, ToolError } from '../../errors/index.js';
import { restoredAs } from '../../wizard/results.js';
import { type CommandSpec, command, l } from '../command.js';
import { withOverwriteConfirmation } from '../confirm-overwrite.js';
import { commandInputs, operationCommand } from '../operation-command.js';
import { type Output, table } from '../output.js';
import { progressBar } from '../progress-bar.js';
import { readSecretOption } from '../prompt.js';
import { backupAllCommand } from './backup-all.js';
import { contextFor } from './context.js';
import { pruneCommand } from './prune.js';

/** Whether a file of the history is still there, in words: "opgeruimd 3 december 2026". */
function fileStateText(out: Output, e: core.HistoryEntry): string {
  switch (e.state) {
    case 'removed':
      return `${out.t(l('opgeruimd', 'pruned'))} ${out.date(e.removedAt!)}`;
    case 'missing':
      return out.t(l('ontbreekt', 'missing'));
    case 'present':
      return out.t(l('aanwezig', 'present'));
    case 'unchecked':
      return '-';
  }
}

/** The keys that open an encrypted backup, as `backup verify` and `backup inspect` take them. */
function keyInputs(words: readonly string[]) {
  return {
    words,
    inputs: [
      { input: 'file', required: true, positional: true },
      { input: 'passphrase-file' },
      { input: 'identity-file' },
    ],
  } as const;
}

export interface KeyFiles {
  readonly 'passphrase-file': string | undefined;
  readonly 'identity-file': readonly string[];
}

export async function decryptionKeys(files: KeyFiles, out: Output): Promise<core.DecryptionKeys | undefined> {
  const passFile = files['passphrase-file'];
  const idFiles = files['identity-file'];
  if (passFile === undefined && idFiles.length === 0) return undefined;
  const identities: string[] = [];
  for (const f of idFiles) {
    const text = await readSecretOption(
      f,
      out.t(l('Geheime sleutel (AGE-SECRET-KEY-1…): ', 'Secret key (AGE-SECRET-KEY-1…): ')),
    );
    identities.push(
      await core.validateIdentity(text.split(/\r?\n/).find((line) => line.startsWith('AGE-SECRET-KEY-')) ?? '', f),
    );
  }
  return { ...(passFile !== undefined ? { passphrase: await passphraseOption(passFile, out) } : {}), identities };
}

/** The backup's passphrase from --passphrase-file ("-" typed on a terminal is asked for, unseen). */
export function passphraseOption(file: string, out: Output): Promise<string> {
  return readSecretOption(file, out.t(l('Wachtwoord van de back-up: ', 'Passphrase of the backup: ')));
}

/**
 * The backup to read: standard input for "-", an object in a repository
 * (`s3://bucket/prefix/name.ebu`), or a path, which must name an ordinary
 * file (a coded error otherwise).
 */
export async function openInput(
  global: { readonly home?: string | undefined },
  file: string,
): Promise<core.BackupSource> {
  if (file === '-') return { stream: process.stdin, location: '-' };
  return core.openBackupSource(core.resolveHome(global.home), file);
}

/** A file on this computer to read, or standard input for "-" (an auditfile: never in a repository). */
export function openFileInput(file: string): Readable {
  return file === '-' ? process.stdin : core.openBackupFile(file);
}

/** Checks a file before work starts: it exists, is an ordinary file and can be read ("-" and objects pass: opening checks them). */
export function ensureReadable(file: string): void {
  if (!core.isObjectStoreLocation(file)) core.checkOrdinaryFile(file);
}

function printWarnings(out: Output, warnings: readonly core.RestoreWarning[]): void {
  for (const w of warnings) {
    if (w.code === 'FOREIGN_LICENCE') {
      out.warn(
        l(
          `Let op: de licentie in deze back-up is van ${w.holder} (${w.number}), niet van deze installatie. Bedoelt u "Database van een klant installeren"? Met gewoon terugzetten houdt de administratie de licentie en gebruikers van de klant.`,
          `Note: the licence in this backup belongs to ${w.holder} (${w.number}), not to this installation. Did you mean "Install a client's database"? A plain restore keeps the client's licence and users.`,
        ),
      );
    } else {
      out.warn(
        l(
          `Let op: de administratie die wordt overschreven is een ándere administratie (identiteit ${w.existing}) dan die in de back-up (${w.backup}).`,
          `Note: the administration being overwritten is a different administration (identity ${w.existing}) from the one in the backup (${w.backup}).`,
        ),
      );
    }
  }
}

function manifestLines(
  out: Output,
  m: core.Manifest,
  footer: core.Footer | null,
  sizeBytes: number | null,
  encrypted: boolean,
): void {
  const nl = out.lang === 'nl';
  const row = (label: string, value: string) => out.line(`${label.padEnd(18)} ${value}`);
  row(
    nl ? 'Administratie' : 'Administration',
    `${String(m.administration.number).padStart(3, '0')} ${m.administration.name}`,
  );
  row(nl ? 'Identiteit' : 'Identity', m.administration.identity);
  row(
    nl ? 'Gemaakt' : 'Created',
    `${core.formatDateTime(m.createdAt, out.lang)} ${nl ? 'door' : 'by'} ${m.createdBy.user}@${m.createdBy.host}`,
  );
  row(
    nl ? 'Licentie' : 'Licence',
    `${m.licence.number} ${m.licence.holder} (${nl ? 'gebruiker' : 'user'} ${m.licence.registeredUser})`,
  );
  if (m.handBack)
    row(
      nl ? 'Teruglevering' : 'Hand-back',
      `${nl ? 'voor' : 'for'} ${m.handBack.client}, ${nl ? 'van' : 'from'} ${m.handBack.accountant}; ${nl ? 'niet mee' : 'left out'}: ${m.handBack.removedUsers.join(', ') || '-'}`,
    );
  if (m.handOut)
    row(
      nl ? 'Uitlevering' : 'Hand-out',
      nl
        ? `aan de accountant, tot en met ${core.formatDay(m.handOut.until, 'nl')} (sinds ${core.formatDateTime(m.handOut.madeAt, 'nl')})`
        : `to the accountant, up to and including ${core.formatDay(m.handOut.until, 'en')} (since ${core.formatDateTime(m.handOut.madeAt, 'en')})`,
    );
  if (m.changes) {
    const c = m.changes;
    row(
      nl ? 'Soort' : 'Kind',
      nl
        ? `wijzigingenpakket ${c.sequence} van de accountant (${c.accountant || '-'}), geen back-up: verwerken met "kluis client apply"`
        : `the accountant's change package ${c.sequence} (${c.accountant || '-'}), no backup: apply it with "kluis client apply"`,
    );
    row(nl ? 'Voor' : 'For', `${nl ? 'identiteit' : 'identity'} ${c.client}`);
    row(
      nl ? 'Uitlevering' : 'Hand-out',
      `${nl ? 'tot en met' : 'up to and including'} ${core.formatDate(c.until, out.lang)} (${c.handOut})`,
    );
    row(nl ? 'Wijzigingen' : 'Changes', out.t(core.changeCountsText(c.counts)));
  }
  if (m.users) row(nl ? 'Gebruikers' : 'Users', m.users.map((u) => u.userName).join(', '));
  row(nl ? 'Transacties' : 'Transactions', out.count(m.counts.transactions));
  row(nl ? 'Documenten' : 'Documents', out.count(m.counts.documents));
  row(
    nl ? 'Versies' : 'Versions',
    `${nl ? 'formaat' : 'format'} ${m.format}, kluis ${m.kluisVersion}, schema ${m.schemaVersion}, PostgreSQL ${m.server.version}`,
  );
  if (!m.changes)
    row(
      nl ? 'Terugzetten op' : 'Restores on',
      nl ? 'elke ondersteunde PostgreSQL-versie, ook oudere' : 'any supported PostgreSQL version, older ones too',
    );
  row(nl ? 'Compressie' : 'Compression', `${m.compression.codec} ${m.compression.level}`);
  row(
    nl ? 'Versleuteling' : 'Encryption',
    encrypted ? `age (${m.encryption?.recipients.join(', ') ?? '?'})` : nl ? 'geen' : 'none',
  );
  if (sizeBytes !== null) row(nl ? 'Grootte' : 'Size', out.bytes(sizeBytes));
  if (footer) {
    out.line();
    out.line(
      table(
        nl ? ['Tabel', 'Rijen', 'Gegevens', 'Opgeslagen'] : ['Table', 'Rows', 'Data', 'Stored'],
        footer.tables.map((t) => [t.name, out.count(t.rows), out.bytes(t.rawBytes), out.bytes(t.storedBytes)]),
      ),
    );
  }
}

/** How a new backup is encrypted: a passphrase from a file, or public keys, or not at all (backup create, client hand-out). */
export async function newBackupEncryption(
  values: { readonly 'new-passphrase-file': string | undefined; readonly recipient: readonly string[] },
  out: Output,
  command: string,
): Promise<core.EncryptionKeys | undefined> {
  const passFile = values['new-passphrase-file'];
  const recipients = values.recipient.map(core.validateRecipient);
  if (passFile !== undefined && recipients.length)
    throw new ToolError('USAGE_BAD_ARGUMENTS', { command, reason: phrase('PASSPHRASE_OR_RECIPIENTS') });
  if (passFile !== undefined) return { passphrase: await passphraseOption(passFile, out) };
  return recipients.length ? { recipients } : undefined;
}

const createCommand = operationCommand(core.operations['create-backup'], async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const encryption = await newBackupEncryption(values, out, 'backup create');
  const toStdout = values.output === '-';
  const result = await core.createBackup(ctx, {
    adm: values.adm,
    ...(values.output !== undefined ? { output: values.output } : {}),
    ...(toStdout ? { stream: process.stdout } : {}),
    ...(encryption ? { encryption } : {}),
    onProgress: progressBar(out, core.operations['create-backup']),
  });
  out.status(undefined);
  const summary = {
    location: result.location,
    sizeBytes: result.sizeBytes,
    seconds: result.seconds,
    transactions: result.manifest.counts.transactions,
    documents: result.manifest.counts.documents,
  };
  if (toStdout) {
    if (global.json) process.stderr.write(`${JSON.stringify(summary)}\n`);
    return 0;
  }
  out.data(
    core.resultOf(core.operations['create-backup'], {
      ...summary,
      handBack: result.manifest.handBack ?? null,
      licence: result.manifest.licence,
      users: result.manifest.users?.map((u) => u.userName) ?? [],
    }),
  );
  const hb = result.manifest.handBack;
  if (hb) {
    const users = result.manifest.users?.map((u) => u.userName).join(', ') || '-';
    out.line(
      out.t(
        l(
          `Teruglevering voor ${hb.client}: de back-up draagt licentie ${result.manifest.licence.number} en gebruikersnaam ${result.manifest.licence.registeredUser} van de klant, met gebruikers ${users}; niet mee: ${hb.removedUsers.join(', ') || '-'}.`,
          `Hand-back for ${hb.client}: the backup carries the client's licence ${result.manifest.licence.number} and user name ${result.manifest.licence.registeredUser}, with users ${users}; left out: ${hb.removedUsers.join(', ') || '-'}.`,
        ),
      ),
    );
  }
  out.line(
    out.t(
      l(
        `Back-up gemaakt: ${result.location} (${out.bytes(result.sizeBytes)}, ${out.count(summary.transactions)} transacties, ${out.count(summary.documents)} documenten, ${out.seconds(result.seconds)}).`,
        `Backup created: ${result.location} (${out.bytes(result.sizeBytes)}, ${out.count(summary.transactions)} transactions, ${out.count(summary.documents)} documents, ${out.seconds(result.seconds)}).`,
      ),
    ),
  );
  return 0;
});

const restoreCommand = operationCommand(core.operations.restore, async ({ values, global, out }) => {
  const ctx = contextFor(global);
  const { file, to } = values;
  const replace = values.replace !== undefined ? core.parseAdminNumber(values.replace) : undefined;
  ensureReadable(file);
  const keys = await decryptionKeys(values, out);
  const attempt = async (replace: number | undefined) =>
    core.restoreBackup(ctx, {
      source: (await openInput(global, file)).stream,
      path: file,
      to,
      ...(replace !== undefined ? { replace } : {}),
      ...(keys ? { keys } : {}),
      ...(values['database-dir'] ? { databaseDir: values['database-dir'] } : {}),
      ...(values['server-folder'] ? { serverFolder: values['server-folder'] } : {}),
      dryRun: values['dry-run'],
      onPlan: (plan) => printWarnings(out, plan.warnings),
      onProgress: progressBar(out, core.operations.restore),
    });
  const result = await withOverwriteConfirmation(out, to, file, replace, attempt);
  out.status(undefined);
  const adm = core.formatAdminNumber(result.number);
  const { manifest, ...rest } = result;
  out.data(
    core.resultOf(core.operations.restore, {
      ...rest,
      administration: manifest.administration,
      number: adm,
      dryRun: !('footer' in result),
    }),
  );
  if (!('footer' in result)) {
    out.line(
      out.t(
        l(
          `Proefrun: de back-up zou terugkomen als administratie ${adm} "${result.name}"${result.overwrites ? ` en daarbij "${result.overwrites.name}" overschrijven` : ''}. Er is niets gewijzigd.`,
          `Dry run: the backup would be restored as administration ${adm} "${result.name}"${result.overwrites ? `, overwriting "${result.overwrites.name}"` : ''}. Nothing was changed.`,
        ),
      ),
    );
    return 0;
  }
  const restored = restoredAs(result.number, result.name);
  const { transactions, documents } = result.manifest.counts;
  out.line(
    out.t(
      l(
        `${restored.nl} (${out.count(transactions)} transacties, ${out.count(documents)} documenten, ${out.seconds(result.seconds)}).`,
        `${restored.en} (${out.count(transactions)} transactions, ${out.count(documents)} documents, ${out.seconds(result.seconds)}).`,
      ),
    ),
  );
  return 0;
});

export const backupCommands: CommandSpec[] = [
  createCommand,
  backupAllCommand,
  pruneCommand,
  restoreCommand,
  {
    words: ['backup', 'verify'],
    summary: l(
      'leest elke byte van een back-up en controleert elk controlegetal',
      'reads every byte of a backup and checks every checksum',
    ),
    ...commandInputs(keyInputs(['backup', 'verify'])),
    async run({ args, options, global, out }) {
      const values = core.readValues(keyInputs(['backup', 'verify']), { ...options, ...args });
      const file = values.file;
      ensureReadable(file);
      const keys = await decryptionKeys(values, out);
      const result = await core.verifyBackup((await openInput(global, file)).stream, file, keys);
      const rows = result.footer.tables.reduce((n, t) => n + t.rows, 0);
      const tables = result.footer.tables.length;
      out.data({ ok: true, bytes: result.bytes, seconds: result.seconds, tables, rows });
      // A change package has one table, and may have one row.
      const nl = `${tables} ${tables === 1 ? 'tabel' : 'tabellen'}, ${out.count(rows)} ${rows === 1 ? 'rij' : 'rijen'}`;
      const en = `${tables} ${tables === 1 ? 'table' : 'tables'}, ${out.count(rows)} ${rows === 1 ? 'row' : 'rows'}`;
      out.line(
        out.t(
          l(
            `In orde: ${out.bytes(result.bytes)}, ${nl}, alle controlegetallen kloppen (${out.seconds(result.seconds)}).`,
            `OK: ${out.bytes(result.bytes)}, ${en}, every checksum matches (${out.seconds(result.seconds)}).`,
          ),
        ),
      );
      return 0;
    },
  },
  {
    words: ['backup', 'inspect'],
    summary: l(
      'toont het manifest van een back-up zonder iets terug te zetten',
      "shows a backup's manifest without restoring anything",
    ),
    ...commandInputs(keyInputs(['backup', 'inspect'])),
    async run({ args, options, global, out }) {
      const values = core.readValues(keyInputs(['backup', 'inspect']), { ...options, ...args });
      const file = values.file;
      ensureReadable(file);
      const keys = await decryptionKeys(values, out);
      const source = await openInput(global, file);
      const r = await core.inspectBackup(source.stream, file, keys, source.seek);
      out.data(r);
      manifestLines(out, r.manifest, r.footer, r.sizeBytes, r.encrypted);
      return 0;
    },
  },
  {
    words: ['backup', 'history'],
    summary: l(
      'de gemaakte back-ups: Nr (1 = nieuwste), datum, locatie, grootte, transacties, documenten',
      'the backups made: Nr (1 = newest), date, location, size, transactions, documents',
    ),
    async run({ global, out }) {
      const { entries, skipped } = await core.backupHistory(contextFor(global), { askStores: true });
      out.data({ entries, skipped });
      for (const s of skipped)
        out.warn(
          l(
            `Server "${s.server}" is overgeslagen: ${s.message.nl}`,
            `Server "${s.server}" was skipped: ${s.message.en}`,
          ),
        );
      const nl = out.lang === 'nl';
      if (entries.length === 0) {
        out.line(nl ? 'Er zijn nog geen back-ups gemaakt.' : 'No backups have been made yet.');
        return 0;
      }
      out.line(
        table(
          nl
            ? ['Nr', 'Aanmaakdatum', 'Administratie', 'Locatie', 'Grootte', 'Transacties', 'Documenten', 'Bestand']
            : ['Nr', 'Created', 'Administration', 'Location', 'Size', 'Transactions', 'Documents', 'File'],
          entries.map((e) => [
            String(e.nr),
            out.date(e.createdAt),
            `${e.adminNumber} ${e.administration}`,
            e.location,
            out.bytes(e.sizeBytes),
            out.count(e.transactions),
            out.count(e.documents),
            fileStateText(out, e),
          ]),
        ),
      );
      return 0;
    },
  },
  command({
    words: ['key', 'generate'],
    summary: l(
      'maakt een sleutelpaar waarvoor anderen back-ups kunnen versleutelen',
      'makes a key pair that others can encrypt backups for',
    ),
    description: l(
      'Het geheime deel gaat naar het bestand (alleen voor u leesbaar); geef het openbare deel (age1…) aan wie u back-ups stuurt.',
      'The secret part goes to the file (readable by you only); give the public part (age1…) to whoever sends you backups.',
    ),
    options: {
      output: {
        type: 'string',
        path: 'new-file',
        short: 'o',
        value: 'FILE',
        help: l('bestand voor de geheime sleutel', 'file for the secret key'),
      },
    },
    async run({ options, out }) {
      const file = options.output;
      if (!file)
        throw new ToolError('USAGE_MISSING_ARGUMENT', {
          command: 'key generate',
          argument: { nl: '-o BESTAND', en: '-o FILE' },
        });
      const { identity, recipient } = await core.generateKeyPair();
      core.writeSmallFile(file, `# kluis/age secret key; public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
      out.data({ file, recipient });
      out.line(
        out.t(
          l(
            `Geheime sleutel in ${file}. Openbare sleutel (geef deze aan de afzender):`,
            `Secret key in ${file}. Public key (give this to the sender):`,
          ),
        ),
      );
      out.line(recipient);
      return 0;
    },
  }),
];
