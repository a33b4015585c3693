/**
 * How the terminal wizard asks: one question, one answer. The terminal
 * implementation reads a TTY; tests script the answers; without a terminal
 * nothing may be asked and every answer must come from a flag.
 */
import { ToolError } from '../../errors/index.js';
import { askOnTerminal } from '../terminal.js';

export interface Prompter {
  /** Asks one question; `hidden` does not echo the answer. */
  ask(question: string, options?: { readonly hidden?: boolean }): Promise<string>;
  /** Text shown between questions (titles, tables, errors). */
  say(text: string): void;
}

/** Questions on the terminal, all through the one reader of terminal.ts; Ctrl-C or Ctrl-D is CANCELLED. */
export function terminalPrompter(): Prompter {
  return {
    ask: (question, options) => askOnTerminal(question, { hidden: options?.hidden === true }),
    say(text) {
      process.stderr.write(`${text}\n`);
    },
  };
}

/** For scripts: asking is an error that names the flag to use instead. */
export function noPrompter(say: (text: string) => void): Prompter {
  return {
    ask(question) {
      throw new ToolError('FIELD_REQUIRED', {
        field: question.replace(/[:?]\s*(\[.*\])?\s*$/, '').trim(),
        flag: 'the flag named in "kluis wizard --help"',
      });
    },
    say,
  };
}
