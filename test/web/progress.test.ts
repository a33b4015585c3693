/**
 * The web's progress of a real restore, as its page receives it: every event
 * of the job's server-sent stream, read over HTTP from a real `kluis start`.
 * The percentage never goes back, 100% comes only with every table loaded
 * and the keys, indexes and checks done, the phase named agrees with the
 * percentage, and size done of total, tables, rows and the time left are
 * all shown.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { type DemoInstallation, demoInstallation } from '../helpers/engines.js';
import { type RunningWizard, startWizard } from '../helpers/web.js';
import { Client } from '../helpers/web-client.js';

interface Shown {
  percent: number;
  text: string;
  figures: { id: string; label: string; value: string }[];
}

/** Every progress event of a job's stream until it says done. */
async function eventsOf(c: Client, job: string): Promise<Shown[]> {
  const r = await fetch(`${c.web.origin}/jobs/${job}/events`, { headers: { cookie: c.cookie } });
  assert.equal(r.status, 200);
  const shown: Shown[] = [];
  for (const block of (await r.text()).split('\n\n')) {
    const event = /^event: (\w+)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === 'progress' && data) shown.push(JSON.parse(data) as Shown);
  }
  return shown;
}

const figure = (s: Shown, id: string) => s.figures.find((f) => f.id === id)?.value;

describe('web progress of a real restore', () => {
  let inst: DemoInstallation;
  let web: RunningWizard;
  let file: string;

  before(async () => {
    inst = await demoInstallation('embedded', 'webprog');
    // Size S (200,000 journal lines, 5,000 documents) restores for seconds: long enough for a time left.
    await core.generateAdministration(inst.ctx, {
      name: 'Groothandel Progressie',
      size: core.generatorSizes.s,
      seed: 'progress',
      licence: core.issueDemoLicence({ holder: 'Groothandel Progressie', registeredUser: 'eigenaar' }),
      users: [{ userName: 'eigenaar', fullName: 'Eigenaar', role: 'administrator', password: core.demoPassword }],
    });
    file = join(inst.dir, 'groothandel.ebu');
    await core.createBackup(inst.ctx, { adm: 'Groothandel Progressie', output: file });
    web = await startWizard(inst.cli.args, inst.cli.env);
  });

  after(async () => {
    await web?.stop();
    await inst?.dispose();
  });

  test('the percentage only grows, agrees with its phase, and size, tables, rows and time left are shown', async (t) => {
    const c = new Client(web);
    await c.enter();
    await c.signIn('001', 'anna');
    await c.step({ nav: 'next' });
    await c.step({ nav: 'next', action: 'restore' });
    await c.step({ nav: 'next', file });
    await c.step({ nav: 'next', server: 'local' });
    let page = await c.step({ nav: 'next', to: 'Groothandel met voortgang' });
    for (let i = 0; i < 3 && !/name="nav" value="finish"/.test(page); i++) page = await c.step({ nav: 'next' });
    assert.match(page, /name="nav" value="finish"/, page);
    const running = await c.step({ nav: 'finish' });
    const job = /data-job="([\w-]+)"/.exec(running)?.[1];
    assert.ok(job, `the progress page names its job: ${running}`);
    const shown = await eventsOf(c, job);
    const trace = shown.map((s) => `${s.text} | ${s.figures.map((f) => `${f.id}=${f.value}`).join(' ')}`).join('\n');
    assert.ok(shown.length > 5, trace);
    t.diagnostic(
      `${shown.length} events, e.g.\n${trace
        .split('\n')
        .filter((_, i, all) => i % Math.ceil(all.length / 12) === 0)
        .join('\n')}`,
    );

    for (const [i, s] of shown.entries()) {
      if (i > 0) assert.ok(s.percent >= shown[i - 1]!.percent, `the percentage went back:\n${trace}`);
      const tables = figure(s, 'tables')?.split(' of ');
      // The data is three quarters of the bar: past it, every table is in and its count says so.
      if (s.percent > 75 || /^Keys, indexes and checks/.test(s.text))
        assert.equal(tables?.[0], tables?.[1], `tables behind at ${s.percent}%:\n${trace}`);
      if (/^Restoring the data/.test(s.text))
        assert.ok(s.percent <= 75, `loading the data at ${s.percent}%:\n${trace}`);
      if (s.text !== 'Starting…') assert.ok(s.text.endsWith(`— ${s.percent}%`), s.text);
    }
    const last = shown.at(-1)!;
    assert.equal(last.percent, 100, trace);
    assert.match(last.text, /^Keys, indexes and checks — 100%$/);
    assert.ok(
      shown.some((s) => /^Restoring the data — \d+%$/.test(s.text)),
      `the data's phase is named:\n${trace}`,
    );
    assert.match(figure(last, 'size') ?? '', /^\d+\.\d MiB of \d+\.\d MiB$/, trace);
    assert.match(figure(last, 'rows') ?? '', /^\d{1,3}(,\d{3})+$/, trace);
    assert.ok(
      shown.some((s) => /^\d+ s$|^\d+ min/.test(figure(s, 'left') ?? '')),
      `a time left is shown:\n${trace}`,
    );

    // The page itself says the same once more: the result, with the numbers in the page's language.
    let result = (await c.get('/')).body;
    for (let i = 0; i < 100 && !/data-result/.test(result); i++) {
      await new Promise((r) => setTimeout(r, 100));
      result = (await c.get('/')).body;
    }
    assert.match(result, /Restored as administration \d{3} &quot;Groothandel met voortgang&quot;/);
  });
});
