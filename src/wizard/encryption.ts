/**
 * Encrypting a file the wizard writes for someone: not at all, with a
 * passphrase (typed twice), or for the receiver's public key (age1…), so
 * that only they can open it. The backup, the hand-out to the accountant and
 * the accountant's changes ask it alike.
 */
import * as core from '../core/index.js';
import { type Localized, ToolError } from '../errors/index.js';
import { inputField } from './fields.js';
import { type Answers, type Field, FieldError, l, text } from './model.js';
import { atField } from './steps.js';

/** The keys the file is encrypted with: a passphrase, or the receiver's public key; undefined: not encrypted. */
export function encryptionOf(answers: Answers): core.EncryptionKeys | undefined {
  const passphrase = text(answers, 'newPassphrase');
  const recipient = text(answers, 'recipient');
  if (answers['encrypt'] === 'passphrase' && passphrase) return { passphrase };
  if (answers['encrypt'] === 'recipient' && recipient) return { recipients: [recipient] };
  return undefined;
}

/** The encryption in words, for a summary and a result. */
export function encryptionText(answers: Answers): Localized {
  const keys = encryptionOf(answers);
  if (keys?.passphrase) return l('ja, met een wachtwoord', 'yes, with a passphrase');
  const key = keys?.recipients?.[0];
  if (key) return l(`ja, voor de sleutel ${shortKey(key)}`, `yes, for the key ${shortKey(key)}`);
  return l('nee', 'no');
}

/** A public key as a person compares it: its start and its end. */
function shortKey(key: string): string {
  return key.length > 24 ? `${key.slice(0, 12)}…${key.slice(-8)}` : key;
}

/** The fields that choose the encryption; `receiver` names whose public key it is ("uw accountant"). */
export function encryptionFields(receiver: Localized): Field[] {
  const withPassphrase = { field: 'encrypt', value: 'passphrase' } as const;
  return [
    inputField('encrypt'),
    inputField('new-passphrase-file', { optional: true, shownWhen: withPassphrase }),
    // Typed twice: a mistyped passphrase would make the file unreadable.
    inputField('new-passphrase-file', {
      id: 'newPassphrase2',
      optional: true,
      label: l('Wachtwoord nogmaals', 'Passphrase again'),
      shownWhen: withPassphrase,
    }),
    inputField('recipient', {
      optional: true,
      shownWhen: { field: 'encrypt', value: 'recipient' },
      example: {
        nl: `De openbare sleutel van ${receiver.nl}: één regel die begint met age1.`,
        en: `The public key of ${receiver.en}: one line that starts with age1.`,
      },
    }),
  ];
}

/** The passphrase long enough and typed twice the same, the public key one that is. */
export async function checkEncryption(answers: Answers): Promise<void> {
  if (answers['encrypt'] === 'passphrase') {
    const p = text(answers, 'newPassphrase');
    await atField('newPassphrase', async () => core.checkNewPassphrase(p));
    if (p !== text(answers, 'newPassphrase2'))
      throw new FieldError('newPassphrase2', new ToolError('PASSPHRASES_DIFFER'));
  }
  if (answers['encrypt'] === 'recipient') {
    const key = text(answers, 'recipient');
    if (!key)
      throw new FieldError(
        'recipient',
        new ToolError('FIELD_REQUIRED', { field: inputField('recipient').label, flag: '--recipient' }),
      );
    await atField('recipient', async () => core.validateRecipient(key));
  }
}
