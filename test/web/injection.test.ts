/**
 * Injection through the web wizard's forms: the sign-in fields, every text
 * field of the wizard's steps, the advanced login settings, and a forged
 * "fill" button. Each hostile value is refused with a coded error next to
 * its field (never an internal one) or kept as the literal text it is, and
 * no page carries it as markup. Afterwards nothing else changed. A real
 * `kluis start` over HTTP, as a script would post the forms, and Chromium
 * for what a browser makes of names full of markup.
 *
 * A run posts a quarter of the values into each input, dealt by a seed
 * along the diagonals so that each run tries every value (in two or three
 * inputs) and every input (with four or five values), and four consecutive
 * seeds all of them (test/helpers/sample.ts): KLUIS_WEB_INJECTION_SEED=<seed>
 * repeats a run, KLUIS_WEB_INJECTION_FULL=1 (or KLUIS_TEST_FULL=1) posts them
 * all. Each quarter still sees every field refuse something and a target
 * name taken literally (the test asserts both): the values a name refuses
 * (a tab, a direction mark, 61 and 5,000 characters) are four in a row, one
 * in each quarter's share of the two inputs that take a target.
 *
 * The values for one input are posted one after another; where a field
 * refused the previous value and is shown again, the next is typed there (as
 * a person does after a refusal) instead of walking the action's steps to it
 * again.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as core from '../../src/core/index.js';
import { type DemoInstallation, databasesOf, demoInstallation } from '../helpers/engines.js';
import { hostileValues, markupValues } from '../helpers/hostile.js';
import { matrixSample } from '../helpers/sample.js';
import { chromiumAvailable, launchChromium, type RunningWizard, startWizard } from '../helpers/web.js';
import { Client } from '../helpers/web-client.js';

const pwned = join(tmpdir(), `kluis-webpwned-${process.pid}`);
const values = [...hostileValues(pwned), ...markupValues];
/** An administration's real name, in markup (not one of the values: signing in by it works, as it should). */
const markupName = '<b onmouseover=alert(2)>Kantoor</b>';

/** The code of the problem shown next to a field, or in general; undefined when there is none. */
function problemCode(page: string, field?: string): string | undefined {
  const at = field ? new RegExp(`id="e-${field}"[^>]*data-code="([A-Z_]+)"`) : /data-code="([A-Z_]+)"/;
  return at.exec(page)?.[1];
}

/** No page puts a value into HTML as markup. */
function assertNoMarkup(page: string, context: string): void {
  for (const m of [...markupValues, markupName])
    assert.ok(!page.includes(m), `${context}: "${m}" reached the page unescaped`);
  assert.ok(!page.includes('data-code="INTERNAL"'), `${context}: an internal error`);
}

describe('injection through the web wizard', () => {
  const sample = matrixSample('WEB_INJECTION', 'embedded', { everyEngine: true });
  let inst: DemoInstallation;
  let web: RunningWizard;
  let scratch: string;
  let backupFile: string;

  before(async () => {
    inst = await demoInstallation('embedded', 'webinj');
    scratch = inst.dir;
    backupFile = (await core.createBackup(inst.ctx, { adm: '001', output: scratch })).location;
    // An administration whose name is markup, open to anna like the office's.
    await core.copyAdministration(inst.ctx, { adm: '001', to: markupName });
    web = await startWizard(inst.cli.args, inst.cli.env);
  });

  after(async () => {
    await web?.stop();
    await inst?.dispose();
    rmSync(pwned, { force: true });
  });

  test('each hostile value in each form field is refused with a coded error or kept literally, and nothing else changes', async (t) => {
    const databasesBefore = await databasesOf(inst.ctx.engine, inst.ctx.systemDatabase);
    const office = async () => {
      const shown = await core.showAdministration(inst.ctx, '001');
      return { ...shown, sizeBytes: 0, backups: undefined };
    };
    const officeBefore = await office();
    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);

    const c = new Client(web);
    await c.enter();
    /** Posts a step and returns the page, checked for markup and internal errors. */
    const step = async (fields: Record<string, string>, context: string) => {
      const page = await c.step(fields);
      assertNoMarkup(page, context);
      return page;
    };
    /** Starts an action from the welcome screen. */
    const start = async (action: string) => {
      await step({ nav: 'cancel' }, 'cancel');
      await step({ nav: 'next' }, 'welcome');
      return step({ nav: 'next', action }, `choose ${action}`);
    };
    /** A step's field either refused (a coded error at that field) or accepted (the flow moved past it). */
    const judge = (page: string, field: string, context: string) => {
      const code = problemCode(page, field);
      const stayed = page.includes(`id="f-${field}"`);
      assert.ok(code || !stayed, `${context}: neither refused nor moved on`);
      count(`${field}: ${code ?? 'accepted'}`);
      return !code;
    };

    /**
     * The input whose field refused the previous value and is shown again, when the previous attack left one. The
     * next value for that input is typed there, as a person does after a refusal, instead of walking the action's
     * steps to it again: the same 3 to 7 posts for every value, each as costly as the attack itself.
     */
    let refusedAt: string | undefined;
    /** Each input of the forms, tried with value `v`. The sign-in fields come first: they are posted signed out. */
    const signInFields = ['adm', 'user', 'server'] as const;
    const inputs: Array<{
      name: string;
      attack: (v: string, context: string, i: number, resume: boolean) => Promise<void>;
    }> = [
      ...signInFields.map((field) => ({
        name: `sign-in ${field}`,
        attack: async (v: string, context: string) => {
          await c.get('/');
          const form = {
            _csrf: c.csrf,
            server: 'local',
            adm: '001',
            user: 'anna',
            password: core.demoPassword,
            [field]: v,
          };
          const r = await c.post('/sign-in', form);
          assert.equal(r.status, 303, context);
          const page = await c.get(r.headers.get('location') ?? '/');
          assertNoMarkup(page.body, `${context} sign-in ${field}`);
          assert.doesNotMatch(
            page.body,
            /Welcome to the backup wizard/,
            `${context}: signed in with ${field} = the value`,
          );
          count(`sign-in ${field}: ${problemCode(page.body) ?? 'refused'}`);
        },
      })),
      {
        name: 'restore file',
        attack: async (v, context, _i, resume) => {
          if (!resume) await start('restore');
          if (!judge(await step({ nav: 'next', file: v }, `${context} file`), 'file', `${context} file`))
            refusedAt = 'restore file';
        },
      },
      {
        name: 'restore target and database directory',
        attack: async (v, context) => {
          await start('restore');
          await step({ nav: 'next', file: backupFile }, `${context} good file`);
          await step({ nav: 'next', server: 'local' }, `${context} server`);
          const target = await step({ nav: 'next', to: v }, `${context} to`);
          if (judge(target, 'to', `${context} to`)) {
            const placed = await step({ nav: 'next', databaseDir: v }, `${context} databaseDir`);
            if (judge(placed, 'databaseDir', `${context} databaseDir`)) assert.match(placed, /Summary/, context);
          }
        },
      },
      {
        name: 'backup administration and output',
        attack: async (v, context) => {
          await start('backup');
          judge(await step({ nav: 'next', adm: v }, `${context} adm`), 'adm', `${context} adm`);
          await step({ nav: 'next', adm: '001' }, `${context} good adm`);
          const output = await step({ nav: 'next', output: v, encrypt: 'no' }, `${context} output`);
          judge(output, 'output', `${context} output`);
        },
      },
      {
        name: 'client install users',
        attack: async (v, context, i, resume) => {
          if (!resume) {
            await start('client-install');
            await step({ nav: 'next', file: backupFile }, `${context} client file`);
            await step({ nav: 'next', server: 'local' }, `${context} client server`);
            await step({ nav: 'next', to: `Klant ${i}` }, `${context} client to`);
            await step({ nav: 'next' }, `${context} client placement`);
          }
          if (!judge(await step({ nav: 'next', users: v }, `${context} users`), 'users', `${context} users`))
            refusedAt = 'client install users';
        },
      },
      {
        name: 'copy target',
        attack: async (v, context, _i, resume) => {
          if (!resume) {
            await start('copy');
            await step({ nav: 'next', adm: '001' }, `${context} copy adm`);
            await step({ nav: 'next', server: 'local' }, `${context} copy server`);
          }
          if (!judge(await step({ nav: 'next', to: v }, `${context} copy to`), 'to', `${context} copy to`))
            refusedAt = 'copy target';
        },
      },
      {
        name: 'advanced login settings',
        attack: async (v, context, _i, resume) => {
          if (!resume) {
            await start('restore');
            await step({ nav: 'next', file: backupFile }, `${context} adv file`);
            await step({ nav: 'advanced' }, `${context} advanced`);
          }
          for (const key of ['host', 'name', 'user', 'database']) {
            const page = await step(
              {
                nav: 'save-server',
                'adv-host': key === 'host' ? v : '127.0.0.1',
                'adv-port': '1',
                [`adv-${key}`]: v,
                'adv-password': '',
              },
              `${context} adv-${key}`,
            );
            const code = problemCode(page);
            assert.ok(code, `${context}: adv-${key} saved a server that cannot connect`);
            count(`advanced ${key}: ${code}`);
          }
          refusedAt = 'advanced login settings'; // the dialog, with the last refusal in it
        },
      },
    ];

    // Every value in every input: a quarter of them per run, dealt by a seed so that each run tries every value
    // and every input (test/helpers/sample.ts). The sign-in fields first, posted signed out; then input by input,
    // so that a value can be typed where the previous one was refused.
    const dealt = (signedOut: boolean) =>
      inputs.flatMap((input, j) =>
        values.flatMap((v, i) =>
          input.name.startsWith('sign-in') === signedOut && sample.dealt(i, j, 4) ? [{ v, i, input }] : [],
        ),
      );
    const attacks = [...dealt(true), ...dealt(false)];
    t.diagnostic(`${sample.how}: ${attacks.length} of ${values.length * inputs.length} attacks`);
    let signedIn = false;
    for (const { v, i, input } of attacks) {
      if (!signedIn && !input.name.startsWith('sign-in')) {
        await c.signIn('001', 'anna');
        signedIn = true;
      }
      const resume = refusedAt === input.name;
      refusedAt = undefined;
      await input.attack(v, `value ${i} (${JSON.stringify(v.slice(0, 40))})`, i, resume);
    }
    if (!signedIn) await c.signIn('001', 'anna');

    // A forged "fill" button cannot set an answer a step checks: the backup of 002, which anna may not open.
    await start('backup');
    await step({ nav: 'next', adm: '001' }, 'fill');
    const forged = await step({ nav: 'fill:adm:002' }, 'forged fill');
    assert.equal(problemCode(forged), 'WEB_REQUEST_REFUSED');
    const summary = await step({ nav: 'next', output: scratch, encrypt: 'no' }, 'fill summary');
    assert.match(summary, /Summary/);
    assert.match(summary, /001/);
    assert.doesNotMatch(summary, /002 /);

    const report = [...outcomes].map(([k, n]) => `${k} ×${n}`).join('\n');
    if (process.env['KLUIS_INJECTION_REPORT']) console.log(report);
    assert.ok(!existsSync(pwned), 'no shell ran');
    assert.deepEqual(
      await databasesOf(inst.ctx.engine, inst.ctx.systemDatabase),
      databasesBefore,
      'no database made or dropped',
    );
    assert.deepEqual(await office(), officeBefore);
    // Every field refused something and every text field took something literally: the test saw both outcomes.
    for (const field of ['file', 'to', 'adm', 'users', 'output', 'databaseDir'])
      assert.ok(
        [...outcomes.keys()].some((k) => k.startsWith(`${field}: `) && !k.endsWith('accepted')),
        `${field} refused nothing:\n${report}`,
      );
    assert.ok(outcomes.get('to: accepted'), `no target name was taken literally:\n${report}`);
  });

  test('Chromium shows names full of markup as text and runs no script', {
    skip: chromiumAvailable() ? false : 'Chromium is not installed',
  }, async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(web.url);
      const name = markupName;
      const option = page.locator('#adm option', { hasText: name });
      await option.waitFor({ state: 'attached' });
      await page.selectOption('#adm', (await option.getAttribute('value'))!);
      await page.fill('#user', 'anna');
      await page.fill('#password', core.demoPassword);
      await Promise.all([
        page.waitForEvent('framenavigated'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);
      await page.getByText(name).first().waitFor();
      // The restore target typed as markup, shown back on the summary.
      const next = () =>
        Promise.all([
          page.waitForEvent('framenavigated'),
          page.getByRole('button', { name: 'Next', exact: true }).click(),
        ]);
      await next(); // welcome
      await page.getByLabel('Restore backup').check();
      await next();
      await page.fill('#f-file', backupFile);
      await next();
      await next(); // my computer
      await page.fill('#f-to', markupValues[0]!);
      await next();
      await next(); // default place: the summary shows the target
      await page.getByText(markupValues[0]!).first().waitFor();
      assert.equal(await page.locator('script:not([src])', { hasText: 'alert' }).count(), 0);
      assert.equal(await page.locator('img[src=x], svg[onload], b[onmouseover]').count(), 0);
      assert.deepEqual(dialogs, [], 'no script ran');
    } finally {
      await browser.close();
    }
  });
});
