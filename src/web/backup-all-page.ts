/**
 * The administrator's page "Back-ups van alle administraties": kluis backup
 * all from the web wizard. A form (destination, how many at once, verify;
 * the catalog's labels and help, as `kluis backup all` has them), then the
 * live progress (the wizard's own progress page), then the report: a row per
 * administration (stacked under 600 px, each cell named by its column), what
 * went wrong for each that failed, and the total.
 */
import * as core from '../core/index.js';
import { type Lang, type Localized, l, type RenderedError } from '../errors/index.js';
import { type Html, html, page } from './html.js';
import { problemBox, sentence, type View } from './pages.js';

export const backupAllTitle = l('Back-ups van alle administraties', 'Back up every administration');

/** What the form shows: the values to start from, and a refusal of the last post. */
export interface BackupAllFormData {
  /** "Mijn computer", or server "name". */
  readonly server: string;
  readonly administrations: number;
  readonly destination: string;
  readonly jobs: string;
  readonly verify: boolean;
  readonly error?: RenderedError;
}

const t = (lang: Lang, v: Localized) => v[lang];

function frame(view: View, title: Localized, body: Html): string {
  return page({
    lang: view.lang,
    title: t(view.lang, title),
    csrf: view.csrf,
    ...(view.who ? { who: view.who } : {}),
    body,
  });
}

function csrfInput(view: View): Html {
  return html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
}

/** A field of the form, labelled and explained by its catalog input. */
function field(lang: Lang, id: 'destination' | 'jobs', value: string, error: RenderedError | undefined): Html {
  const input = core.inputOf(id);
  const err = error
    ? html`<p class="error" id="e-${id}" role="alert" data-code="${error.code}">${error.message}</p>`
    : '';
  const described = `h-${id}${error ? ` e-${id}` : ''}`;
  const kind = id === 'jobs' ? html`inputmode="numeric"` : html`spellcheck="false"`;
  return html`<div class="field"><label for="${id}">${t(lang, input.label)}</label>
<input id="${id}" name="${id}" value="${value}" autocomplete="off" ${kind} aria-describedby="${described}" ${error ? html`aria-invalid="true" autofocus` : ''}>
<p class="help" id="h-${id}">${sentence(t(lang, input.help))}</p>${err}</div>`;
}

export function backupAllFormPage(view: View, d: BackupAllFormData): string {
  const lang = view.lang;
  const verify = core.inputOf('verify');
  const count = core.formatCount(d.administrations, lang);
  const body = html`<div class="card"><form method="post" action="/backup-all">${csrfInput(view)}
<p class="crumbs"><a href="/">${t(lang, l('Terug naar de wizard', 'Back to the wizard'))}</a></p>
<h1>${t(lang, backupAllTitle)}</h1>
<p class="intro">${t(lang, l(`Maakt een back-up van elk van de ${count} administraties op ${d.server}, elk met een eigen momentopname terwijl er gewoon doorgewerkt wordt. Een administratie die bezet is, wordt een tijd opnieuw geprobeerd; wat niet lukt staat daarna in het overzicht.`, `Backs up each of the ${count} administrations on ${d.server}, each with its own snapshot while people keep working. An administration in use is tried again for a while; whatever fails is listed in the report afterwards.`))}</p>
${field(lang, 'destination', d.destination, d.error?.code === 'OPTION_NOT_A_COUNT' ? undefined : d.error)}
${field(lang, 'jobs', d.jobs, d.error?.code === 'OPTION_NOT_A_COUNT' ? d.error : undefined)}
<div class="field"><label><input type="checkbox" name="verify" value="on" aria-describedby="h-verify" ${d.verify ? html`checked` : ''}><span>${t(lang, verify.label)}</span></label>
<p class="help" id="h-verify">${sentence(t(lang, verify.help))}</p></div>
<div class="buttons"><button type="submit" class="primary" ${d.error ? '' : html`autofocus`}>${t(lang, l('Back-ups maken', 'Back up'))}</button></div>
</form></div>`;
  return frame(view, backupAllTitle, body);
}

const columns = {
  number: l('Nr', 'Nr'),
  name: l('Administratie', 'Administration'),
  file: l('Bestand', 'File'),
  size: l('Grootte', 'Size'),
  time: l('Duur', 'Time'),
  result: l('Resultaat', 'Result'),
} as const;

function reportRow(lang: Lang, a: core.AdministrationBackup): Html {
  const cell = (column: keyof typeof columns, content: unknown) =>
    html`<td data-label="${t(lang, columns[column])}"><div>${content}</div></td>`;
  const outcome = t(lang, core.backupAllOutcomeLabel(a.result));
  const verified = a.verified ? t(lang, l(', gecontroleerd', ', verified')) : '';
  return html`<tr data-outcome="${a.result}">${cell('number', a.number)}${cell('name', a.name)}${cell('file', a.file ?? '–')}${cell('size', a.sizeBytes === null ? '–' : core.formatBytes(a.sizeBytes, lang))}${cell('time', core.formatSeconds(a.seconds, lang))}${cell('result', `${outcome}${verified}`)}</tr>`;
}

/** The report of a finished run, or why it could not start. */
export function backupAllResultPage(
  view: View,
  server: string,
  result: core.BackupAllResult | undefined,
  error: RenderedError | undefined,
): string {
  const lang = view.lang;
  const failed = result?.administrations.filter((a) => a.error) ?? [];
  const title = !result
    ? l('Niet gelukt', 'Not done')
    : failed.length
      ? l('Niet alle back-ups zijn gemaakt', 'Not every backup was made')
      : l('Alle back-ups zijn gemaakt', 'Every backup was made');
  const body = html`<div class="card"><form method="post" action="/backup-all">${csrfInput(view)}
<p class="crumbs">${t(lang, backupAllTitle)}</p>
<h1 class="${result && !failed.length ? 'ok' : ''}" data-result="${result && !failed.length ? 'done' : 'failed'}">${t(lang, title)}</h1>
${problemBox(error)}
${
  result
    ? html`<p>${t(lang, l(`Op ${server}, naar ${result.destinations.join(' en ')}.`, `On ${server}, to ${result.destinations.join(' and ')}.`))}</p>
${
  result.administrations.length
    ? html`<div class="table-wrap"><table class="stack"><caption>${t(lang, l('Per administratie', 'Per administration'))}</caption>
<thead><tr>${Object.values(columns).map((c) => html`<th scope="col">${t(lang, c)}</th>`)}</tr></thead>
<tbody>${result.administrations.map((a) => reportRow(lang, a))}</tbody></table></div>`
    : ''
}
${failed.length ? html`<ul class="failures">${failed.map((a) => html`<li data-code="${a.error!.code}">${a.number} ${a.name}: ${t(lang, a.error!.message)}${a.error!.webHints.map((h) => html`<br><span class="hint">${t(lang, h)}</span>`)}</li>`)}</ul>` : ''}
<p><strong>${t(lang, core.backupAllTotalSentence(result))}</strong></p>`
    : ''
}
<div class="buttons">
  <a class="button primary" href="/" autofocus>${t(lang, l('Terug naar de wizard', 'Back to the wizard'))}</a>
  <button type="submit" name="do" value="again">${t(lang, l('Nog een keer', 'Run again'))}</button>
</div>
</form></div>`;
  return frame(view, title, body);
}

/** The page for someone who may not start it: one sentence, and the way back. */
export function backupAllRefusedPage(view: View, error: RenderedError): string {
  const body = html`<div class="card"><h1>${t(view.lang, backupAllTitle)}</h1>${problemBox(error)}
<p><a class="button primary" href="/" autofocus>${t(view.lang, l('Terug naar de wizard', 'Back to the wizard'))}</a></p></div>`;
  return frame(view, backupAllTitle, body);
}
