/**
 * Questions asked on a terminal: a hidden password and a typed confirmation.
 * Only used when stdin is a TTY; scripts pass flags instead.
 */
import { readFileSync } from 'node:fs';
import { ToolError } from '../errors/index.js';
import { askOnTerminal } from './terminal.js';

/** A secret from a file ("-" = standard input), without its final newline. Keeps passwords off the command line. */
export function readSecretFile(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new ToolError('FILE_NOT_FOUND', { path });
  }
}

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
