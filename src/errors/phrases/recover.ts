/** What recover found and will do about it, and what each kind of operation is called in a sentence (src/core/recover). */
import { definePhrases } from '../definition.js';

export const recoverPhrases = definePhrases({
  // an operation's name in a sentence ({what})
  OPERATION_ADMIN_CREATE: { nl: 'het aanmaken', en: 'the creation' },
  OPERATION_ADMIN_DELETE: { nl: 'het verwijderen', en: 'the deletion' },
  OPERATION_BACKUP: { nl: 'de back-up', en: 'the backup' },
  OPERATION_RESTORE: { nl: 'het terugzetten', en: 'the restore' },
  OPERATION_CLIENT_INSTALL: { nl: 'het installeren van de klantdatabase', en: 'the client install' },
  OPERATION_COPY: { nl: 'het kopiëren', en: 'the copy' },
  OPERATION_XAF_IMPORT: { nl: 'het inlezen van het auditbestand', en: 'the auditfile import' },
  OPERATION_XAF_EXPORT: { nl: 'het maken van het auditbestand', en: 'the auditfile export' },
  OPERATION_CLOUD_PREPARE: { nl: 'het gereedmaken', en: 'the preparation' },
  OPERATION_LICENCE_IMPORT_CLIENT: { nl: 'het inlezen van de klantlicentie', en: 'the client licence import' },
  OPERATION_USER_CHANGE: { nl: 'het wijzigen van een gebruiker', en: 'the change to a user' },
  OPERATION_PRUNE: { nl: 'het opruimen van oude back-ups', en: 'the pruning of old backups' },
  OPERATION_HAND_OUT: { nl: 'het uitleveren aan de accountant', en: 'the hand-out to the accountant' },
  OPERATION_HAND_OUT_CANCEL: { nl: 'het intrekken van de uitlevering', en: 'the withdrawal of the hand-out' },
  OPERATION_CLIENT_APPLY: {
    nl: 'het verwerken van de wijzigingen van de accountant',
    en: "the apply of the accountant's changes",
  },
  OPERATION_OTHER: { nl: '{kind}', en: '{kind}' },
  // who holds an administration ({holder} of ADMIN_IN_USE)
  OPERATION_HOLDER: {
    nl: '{what} (proces {pid} op {host}, sinds {since})',
    en: '{what} (process {pid} on {host}, since {since})',
  },
  // repairs of what no operation holds
  REPAIR_DROP_HALF_DELETED: {
    nl: 'de database van {adm} "{name}" is half verwijderd (de server stopte tijdens het verwijderen) en niet meer leesbaar; database en registratie verwijderen',
    en: 'the database of {adm} "{name}" was left half dropped (the server stopped while dropping it) and cannot be read; remove it and its registration',
  },
  REPAIR_REMOVE_REGISTRATION: {
    nl: '{adm} "{name}" staat geregistreerd maar de database ontbreekt; registratie verwijderen',
    en: '{adm} "{name}" is registered but its database is missing; remove the registration',
  },
  REPAIR_DROP_HALF_DROPPED: {
    nl: 'half verwijderde database {database} opruimen',
    en: 'drop the half-dropped database {database}',
  },
  REPAIR_ATTACH: {
    nl: 'database {database} is niet correct gekoppeld; als administratie {number} registreren',
    en: 'database {database} is not correctly attached; register it as administration {number}',
  },
  REPAIR_DROP_LEFTOVER: {
    nl: 'achtergebleven tijdelijke database {database} verwijderen',
    en: 'drop leftover temporary database {database}',
  },
  // settling an interrupted operation
  SETTLE_CREATE_DONE: { nl: 'aanmaken van {adm} was klaar; afronden', en: 'creating {adm} had finished; settle it' },
  SETTLE_CREATE_UNDO: {
    nl: 'aanmaken van {adm} ongedaan maken (database en registratie verwijderen)',
    en: 'undo creating {adm} (remove its database and registration)',
  },
  SETTLE_DELETE_FINISH: { nl: 'verwijderen van {adm} afmaken', en: 'finish deleting {adm}' },
  SETTLE_DELETE_NOT_STARTED: {
    nl: 'verwijderen van {adm} was nog niet begonnen; {adm} blijft',
    en: 'deleting {adm} had not started; {adm} stays',
  },
  SETTLE_BACKUP_WRITTEN: {
    nl: 'back-up van {adm} was geschreven ({path}); in de historie zetten',
    en: 'the backup of {adm} was written ({path}); record it in the history',
  },
  SETTLE_BACKUP_INCOMPLETE: {
    nl: 'onvolledige back-up van {adm} verwijderen',
    en: 'remove the incomplete backup of {adm}',
  },
  SETTLE_HAND_OUT_WRITTEN: {
    nl: 'uitlevering van {adm} tot en met {until} was geschreven ({path}); de uitlevering blijft staan en de back-up komt in de historie',
    en: 'the hand-out of {adm} up to {until} was written ({path}); the hand-out stays and the backup is recorded in the history',
  },
  SETTLE_HAND_OUT_INCOMPLETE: {
    nl: 'uitlevering van {adm} was niet af: de uitlevering intrekken en het onvolledige bestand verwijderen; {adm} blijft zoals het was',
    en: 'the hand-out of {adm} did not finish: withdraw it and remove the incomplete file; {adm} stays as it was',
  },
  SETTLE_PREPARE_DONE: {
    nl: 'gereedmaken van {adm} was klaar; afronden',
    en: 'making {adm} ready had finished; settle it',
  },
  SETTLE_PREPARE_UNFINISHED: {
    nl: 'gereedmaken van database {database} was niet klaar; die blijft ongeregistreerd (voer "kluis cloud prepare" opnieuw uit)',
    en: 'making database {database} ready had not finished; it stays unregistered (run "kluis cloud prepare" again)',
  },
  SETTLE_SWAP_FINISH: {
    nl: '{what} in {adm} afmaken: de nieuwe database is volledig en gecontroleerd',
    en: 'finish {what} into {adm}: the new database is complete and checked',
  },
  SETTLE_SWAP_UNDO: {
    nl: '{what} in {adm} ongedaan maken; {adm} blijft zoals het was',
    en: 'undo {what} into {adm}; {adm} stays as it was',
  },
  SETTLE_SWAP_UNDO_NEW: {
    nl: '{what} als nieuwe administratie {adm} ongedaan maken; {adm} wordt niet aangemaakt en het nummer blijft vrij',
    en: 'undo {what} as new administration {adm}; {adm} is not created and the number stays free',
  },
  SETTLE_PRUNE_FINISH: {
    nl: 'opruimen van {repository} afmaken: de bestanden die het bewaarbeleid liet gaan verwijderen ({count} waren gepland) en dat in de historie zetten',
    en: 'finish pruning {repository}: remove the files the retention policy let go ({count} were planned) and record that in the history',
  },
  SETTLE_CHANGES_WRITTEN: {
    nl: 'wijzigingenpakket van {adm} was geschreven ({path}); afsluiten',
    en: 'the change package of {adm} was written ({path}); settle',
  },
  SETTLE_CHANGES_INCOMPLETE: {
    nl: 'onvolledig wijzigingenpakket van {adm} verwijderen',
    en: 'remove the incomplete change package of {adm}',
  },
  SETTLE_APPLY_DONE: {
    nl: 'de verwerking van wijzigingenpakket {sequence} van de accountant in {adm} afronden: het is helemaal verwerkt',
    en: "settle the apply of the accountant's change package {sequence} to {adm}: it was applied in full",
  },
  SETTLE_APPLY_UNDONE: {
    nl: 'de onderbroken verwerking van wijzigingenpakket {sequence} van de accountant in {adm} afsluiten: er is niets verwerkt, de boeken zijn zoals ze waren',
    en: "close the interrupted apply of the accountant's change package {sequence} to {adm}: nothing was applied, the books are as they were",
  },
  SETTLE_NOTHING_HALF_DONE: {
    nl: '{what} ({adm}) afsluiten (er was niets half gedaan)',
    en: 'settle {what} ({adm}) (nothing was left half done)',
  },
});
