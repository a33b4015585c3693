/**
 * The terminal kluis asks its questions on. One readline interface serves
 * every question of the process (the wizard asks twenty), so each key is read
 * and echoed exactly once and no listener is added per question; it is closed
 * when the command ends.
 *
 * - A hidden answer (a password) is typed into the same line editor with its
 *   echo silenced: backspace, a paste that ends in a newline (CR, LF or CRLF)
 *   and the other editing keys work, and the answer is never on screen or in
 *   a history (there is none).
 * - Ctrl-C, and Ctrl-D on an empty answer, cancel: the question rejects with
 *   CANCELLED, and so does every later one. A closed terminal is the same.
 * - Between questions the terminal is as kluis found it (not raw, input
 *   paused), so Ctrl-C during the work that follows interrupts as usual;
 *   readline's echo is silenced then too, and a line typed ahead waits for
 *   the next question.
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { ToolError } from '../errors/index.js';

/** What readline writes (its echo and redraws) reaches the terminal only while `shown()` says so. */
class EchoGate extends Writable {
  constructor(
    private readonly target: NodeJS.WriteStream,
    private readonly shown: () => boolean,
  ) {
    super();
  }

  /** Readline wraps long answers at the terminal's width. */
  get columns(): number | undefined {
    return this.target.columns;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    // Decided now, not when a slower write finishes: the gate may close the next moment.
    if (this.shown()) this.target.write(chunk);
    done();
  }
}

interface Waiting {
  readonly hidden: boolean;
  resolve(answer: string): void;
  reject(error: ToolError): void;
}

class TerminalQuestions {
  readonly #input: NodeJS.ReadStream;
  readonly #output: NodeJS.WriteStream;
  readonly #echo: EchoGate;
  readonly #rl: Interface;
  readonly #onResize = () => this.#echo.emit('resize');
  /** Lines typed (or pasted) before their question was asked. */
  readonly #typedAhead: string[] = [];
  #waiting: Waiting | undefined;
  #closed = false;

  constructor(input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
    this.#input = input;
    this.#output = output;
    this.#echo = new EchoGate(output, () => this.#waiting !== undefined && !this.#waiting.hidden);
    this.#rl = createInterface({ input, output: this.#echo, terminal: true, historySize: 0 });
    this.#rl.on('line', (line) => this.#answered(line));
    this.#rl.on('SIGINT', () => this.#cancelled());
    // Ctrl-D on an empty answer, the end of the input, or close() below.
    this.#rl.on('close', () => {
      this.#closed = true;
      this.#cancelled();
    });
    output.on('resize', this.#onResize);
    this.#idle();
  }

  ask(question: string, hidden: boolean): Promise<string> {
    if (this.#closed) return Promise.reject(new ToolError('CANCELLED'));
    if (this.#waiting) return Promise.reject(new Error('a question is already being asked'));
    // Lines above the last one are text, written once; only the last is redrawn while typing.
    const split = question.lastIndexOf('\n') + 1;
    const prompt = question.slice(split);
    const ahead = this.#typedAhead.shift();
    if (ahead !== undefined) {
      this.#output.write(`${question}${hidden ? '' : ahead}\n`);
      return Promise.resolve(ahead);
    }
    return new Promise<string>((resolve, reject) => {
      this.#waiting = { hidden, resolve, reject };
      // Raw before the question shows: a key typed once it is visible must not meet the terminal's own echo.
      this.#input.setRawMode(true);
      this.#output.write(hidden ? question : question.slice(0, split));
      this.#rl.setPrompt(hidden ? '' : prompt);
      this.#rl.prompt(); // also resumes the input
    });
  }

  close(): void {
    if (!this.#closed) this.#rl.close();
    this.#output.off('resize', this.#onResize);
  }

  #answered(line: string): void {
    const waiting = this.#waiting;
    if (!waiting) {
      this.#typedAhead.push(line);
      return;
    }
    this.#waiting = undefined;
    if (waiting.hidden) this.#output.write('\n'); // readline's own newline was silenced with the answer
    this.#idle();
    waiting.resolve(line);
  }

  #cancelled(): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = undefined;
    this.#output.write('\n');
    if (!this.#closed) this.#idle();
    waiting.reject(new ToolError('CANCELLED'));
  }

  #idle(): void {
    this.#rl.pause();
    this.#input.setRawMode(false);
  }
}

let session: TerminalQuestions | undefined;

/**
 * Asks one question on the terminal (standard input and standard error, both
 * TTYs: see canPrompt) and returns the answer as typed, without its newline.
 * Rejects with CANCELLED on Ctrl-C, Ctrl-D on an empty answer, or a closed terminal.
 */
export function askOnTerminal(question: string, options: { readonly hidden?: boolean } = {}): Promise<string> {
  session ??= new TerminalQuestions(process.stdin, process.stderr);
  return session.ask(question, options.hidden === true);
}

/** Gives the terminal back (called when a command ends); a later question starts afresh. */
export function closeTerminal(): void {
  session?.close();
  session = undefined;
}
