/**
 * How the terminal wizard asks: one question, one answer. The terminal
 * implementation reads a TTY; tests script the answers; without a terminal
 * nothing may be asked and every answer must come from a flag.
 */
import { createInterface } from 'node:readline';
import { ToolError } from '../../errors/index.js';
import { askHidden } from '../prompt.js';

export interface Prompter {
  /** Asks one question; `hidden` does not echo the answer. */
  ask(question: string, options?: { readonly hidden?: boolean }): Promise<string>;
  /** Text shown between questions (titles, tables, errors). */
  say(text: string): void;
}

export function terminalPrompter(): Prompter {
  return {
    async ask(question, options) {
      if (options?.hidden) return askHidden(question);
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      try {
        return await new Promise<string>((resolve, reject) => {
          rl.on('SIGINT', () => reject(new ToolError('CANCELLED')));
          rl.on('close', () => reject(new ToolError('CANCELLED')));
          rl.question(question, (answer) => resolve(answer));
        });
      } finally {
        rl.removeAllListeners('close');
        rl.close();
      }
    },
    say(text) {
      process.stderr.write(text + '\n');
    },
  };
}

/** For scripts: asking is an error that names the flag to use instead. */
export function noPrompter(say: (text: string) => void): Prompter {
  return {
    ask(question) {
      throw new ToolError('FIELD_REQUIRED', { field: question.replace(/[:?]\s*(\[.*\])?\s*$/, '').trim(), flag: 'the flag named in "kluis wizard --help"' });
    },
    say,
  };
}
