/**
 * Questions asked on a terminal: a hidden password and a typed confirmation.
 * Only used when stdin is a TTY; scripts pass flags instead.
 */
import * as core from '../core/index.js';
import { askOnTerminal } from './terminal.js';

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** Asks one question on the terminal; rejects with CANCELLED on Ctrl-C or Ctrl-D (see terminal.ts). */
export function ask(question: string): Promise<string> {
  return askOnTerminal(question);
}

/** Reads an answer without showing it. */
export function askHidden(question: string): Promise<string> {
  return askOnTerminal(question, { hidden: true });
}

/** A password, which cannot be empty: Enter on an empty answer asks again. */
export async function askPassword(question: string): Promise<string> {
  for (;;) {
    const answer = await askHidden(question);
    if (answer !== '') return answer;
  }
}

/**
 * A secret from a file, or for "-" from standard input. When standard input
 * is a terminal, the person types it: asked for without echo, never shown.
 */
export async function readSecretOption(file: string, question: string): Promise<string> {
  if (file === '-' && process.stdin.isTTY) return askPassword(question);
  return core.readSecretFile(file);
}
