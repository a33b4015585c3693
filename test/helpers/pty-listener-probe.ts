/**
 * Loaded into a kluis process with `node --import` by the pty tests
 * (test/helpers/pty.ts): samples how many listeners the terminal streams have
 * while kluis runs, and writes the most each event ever had to the file named
 * by KLUIS_TEST_LISTENER_FILE when kluis exits. A question that leaves a
 * listener behind shows up as a count that grows with the number of questions.
 * Does nothing without that variable.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['KLUIS_TEST_LISTENER_FILE'];
if (file) {
  const most: Record<string, number> = {};
  const streams = { stdin: process.stdin, stderr: process.stderr, stdout: process.stdout, process };
  const sample = () => {
    for (const [name, emitter] of Object.entries(streams)) {
      for (const event of emitter.eventNames()) {
        const key = `${name} ${String(event)}`;
        most[key] = Math.max(most[key] ?? 0, emitter.listenerCount(event));
      }
    }
  };
  setInterval(sample, 5).unref();
  process.on('exit', () => {
    sample();
    writeFileSync(file, JSON.stringify(most));
  });
}
