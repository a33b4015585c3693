/** The screens of the web wizard, rendered from the wizard model. */
import { type BrowsedServer, progressFigureLabels, type ServerListing } from '../core/index.js';
import { type Lang, type Localized, l, type RenderedError } from '../errors/index.js';
import {
  type Answers,
  type Choice,
  type Field,
  type Outcome,
  type Screen,
  type SummaryRow,
  type Table,
  tlsChoices,
  t as translate,
  type Welcome,
  type WizardAction,
} from '../wizard/index.js';
import { type Html, html, page } from './html.js';
import type { ProgressShown } from './jobs.js';

export interface FieldProblem {
  readonly field: string;
  readonly error: RenderedError;
}

export interface View {
  readonly lang: Lang;
  readonly csrf: string;
  readonly who?: string;
}

function frame(view: View, title: string, body: Html): string {
  return page({ lang: view.lang, title, csrf: view.csrf, ...(view.who ? { who: view.who } : {}), body });
}

function csrfInput(view: View): Html {
  return html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
}

export function problemBox(error: RenderedError | undefined): Html {
  if (!error) return html``;
  return html`<div class="problem" role="alert" data-code="${error.code}"><p><strong>${error.message}</strong></p>${error.hints.map((h) => html`<p>${h}</p>`)}</div>`;
}

/** Cancel, Back, Next/Finish: Next first in the markup so Enter means Next; CSS orders them as in the source. */
function buttons(
  lang: Lang,
  options: { next?: Localized; back?: boolean; cancel?: boolean; extra?: Html; focus?: boolean },
): Html {
  const t = (v: Localized) => v[lang];
  return html`<div class="buttons">
  ${options.next ? html`<button type="submit" name="nav" value="next" class="primary" ${options.focus ? html`autofocus` : ''}>${t(options.next)}</button>` : ''}
  ${options.extra ?? ''}
  ${options.back ? html`<button type="submit" name="nav" value="back" class="back" formnovalidate>${t(l('Terug', 'Back'))}</button>` : ''}
  ${options.cancel !== false ? html`<button type="submit" name="nav" value="cancel" class="cancel" formnovalidate>${t(l('Annuleren', 'Cancel'))}</button>` : ''}
</div>`;
}

/**
 * The form's default button: the first submit button in the markup is the
 * one Enter in a text field presses (implicit submission), and a step has
 * buttons of its own before Next (Choose in the history, Browse, Select
 * all). So every step form starts with this one, out of sight and out of
 * the Tab order, and Enter means Next (or, in the login settings dialog,
 * its Test and save).
 */
function defaultButton(lang: Lang, nav = 'next', label: Localized = l('Volgende', 'Next')): Html {
  return html`<button type="submit" name="nav" value="${nav}" class="default-action" tabindex="-1" aria-hidden="true">${label[lang]}</button>`;
}

export function accessDeniedPage(lang: Lang, error: RenderedError): string {
  return page({ lang, title: 'kluis', body: html`<div class="card"><h1>kluis</h1>${problemBox(error)}</div>` });
}

/** A request that could not be answered (a download whose file is gone, a failure kluis did not foresee): the coded message and the way back. */
export function failurePage(lang: Lang, error: RenderedError, view?: View): string {
  const t = (v: Localized) => v[lang];
  // Signed in, the way back is a button (the wizard starts over); otherwise a link.
  const back = view?.who
    ? html`<form method="post" action="/wizard">${csrfInput(view)}<div class="buttons"><button type="submit" name="nav" value="restart" class="primary" autofocus>${t(l('Naar het begin', 'Back to the start'))}</button></div></form>`
    : html`<p><a class="button primary" href="/" autofocus>${t(l('Terug naar de wizard', 'Back to the wizard'))}</a></p>`;
  const body = html`<div class="card"><h1 data-result="failed">${t(l('Niet gelukt', 'Not done'))}</h1>${problemBox(error)}${back}</div>`;
  return view
    ? frame(view, t(l('Niet gelukt', 'Not done')), body)
    : page({ lang, title: t(l('Niet gelukt', 'Not done')), body });
}

export interface SignInData {
  readonly servers: readonly ServerListing[];
  readonly server: string;
  readonly administrations: ReadonlyArray<{ number: string; name: string }>;
  readonly adm?: string;
  readonly user?: string;
  readonly error?: RenderedError;
  readonly listError?: RenderedError;
  readonly demo?: SignInDemo;
}

/** The demo on this server: what it made and how to sign in. */
export interface SignInDemo {
  readonly accountant: { readonly number: string; readonly name: string };
  readonly client: { readonly number: string; readonly name: string };
  readonly signInAs: string;
  readonly password: string;
  /** Made a moment ago: the page says so. */
  readonly justMade: boolean;
}

function demoNotice(view: View, d: SignInDemo): Html {
  const t = (v: Localized) => v[view.lang];
  const a = `${d.accountant.number} ${d.accountant.name}`;
  const c = `${d.client.number} ${d.client.name}`;
  return html`<div class="notice" role="status">${
    d.justMade
      ? html`<p><strong>${t(l('De demo-omgeving is gemaakt.', 'The demo environment has been made.'))}</strong> ${t(l(`${a} is het accountantskantoor (licentie met E-Accountancy, drie medewerkers), ${c} de administratie van een klant met een jaar aan boekingen. De back-up van de klant staat in de back-upgeschiedenis, alsof de klant hem stuurde.`, `${a} is the accounting firm (licence with E-Accountancy, three staff), ${c} a client's administration with a year of books. The client's backup is in the backup history, as if the client had sent it.`))}</p>`
      : ''
  }<p>${t(l(`Demo: meld u aan bij ${a} als ${d.signInAs} met wachtwoord ${d.password} en kies "Database van een klant installeren".`, `Demo: sign in to ${a} as ${d.signInAs} with password ${d.password} and choose "Install a client's database".`))}</p></div>`;
}

export function signInPage(view: View, d: SignInData): string {
  const t = (v: Localized) => v[view.lang];
  const serverName = (s: ServerListing) =>
    s.name === 'local' ? t(l('Mijn computer', 'My computer')) : `${s.name} (${s.conninfo})`;
  const body = html`<div class="card">
<h1>${t(l('Aanmelden', 'Sign in'))}</h1>
<p class="intro">${t(l('Open een administratie met uw gebruikersnaam en wachtwoord. Haar licentie bepaalt welke acties de wizard aanbiedt.', 'Open an administration with your user name and password. Its licence decides which actions the wizard offers.'))}</p>
${problemBox(d.error)}
<form method="get" action="/" class="field">
  <label for="server">${t(l('Server', 'Server'))}</label>
  <div class="row-choose"><select id="server" name="server" data-autosubmit>${d.servers.map((s) => html`<option value="${s.name}" ${s.name === d.server ? html`selected` : ''}>${serverName(s)}</option>`)}</select>
  <noscript><button type="submit" class="small">${t(l('Toon administraties', 'Show administrations'))}</button></noscript></div>
</form>
${problemBox(d.listError)}
${
  d.administrations.length === 0 && !d.listError
    ? html`<div class="notice"><p>${t(l('Op deze server staan nog geen administraties. Maak de demo-omgeving om de wizard te proberen: een accountantskantoor met drie medewerkers en de administratie van een klant (wachtwoord van alle demogebruikers: demo-wachtwoord).', "There are no administrations on this server yet. Make the demo environment to try the wizard: an accounting firm with three staff and a client's administration (password of every demo user: demo-wachtwoord)."))}</p>
<form method="post" action="/demo">${csrfInput(view)}<input type="hidden" name="server" value="${d.server}"><button type="submit" class="primary">${t(l('Demo-omgeving maken', 'Make the demo environment'))}</button></form></div>`
    : html`${d.demo ? demoNotice(view, d.demo) : ''}<form method="post" action="/sign-in">
${csrfInput(view)}
<input type="hidden" name="server" value="${d.server}">
<div class="field"><label for="adm">${t(l('Administratie', 'Administration'))}</label>
<select id="adm" name="adm" required ${d.error || d.user ? '' : html`autofocus`}>${d.administrations.map((a) => html`<option value="${a.number}" ${a.number === d.adm ? html`selected` : ''}>${a.number} ${a.name}</option>`)}</select></div>
<div class="field"><label for="user">${t(l('Gebruikersnaam', 'User name'))}</label><input id="user" name="user" autocomplete="username" required value="${d.user ?? ''}"></div>
<div class="field"><label for="password">${t(l('Wachtwoord', 'Password'))}</label><input id="password" name="password" type="password" autocomplete="current-password" required ${d.error || d.user ? html`autofocus` : ''}></div>
<div class="buttons"><button type="submit" class="primary">${t(l('Aanmelden', 'Sign in'))}</button></div>
</form>`
}
</div>`;
  return frame(view, t(l('Aanmelden', 'Sign in')), body);
}

/** `manageUsers`: the signed-in user is an administrator of the open administration, and gets the links to the Users page and to backing up every administration. */
/** The first screen: what the wizard does, the open administration, the actions offered now, an interrupted operation. */
export function welcomePage(view: View, w: Welcome, problem?: RenderedError, manageUsers = false): string {
  const t = (v: Localized) => v[view.lang];
  const body = html`<div class="card"><form method="post" action="/wizard">${csrfInput(view)}
<h1>${t(w.title)}</h1>
${problemBox(problem)}
${w.interrupted ? html`<div class="notice warning" role="alert">${t(w.interrupted)}</div>` : ''}
${w.backups ? html`<div class="notice warning" role="status" data-backups><p>${t(w.backups.intro)}</p><ul>${w.backups.items.map((item) => html`<li>${t(item)}</li>`)}</ul></div>` : ''}
<p class="intro">${t(w.intro)}</p>
<p>${t(l('Geopende administratie', 'Open administration'))}: <strong>${w.open}</strong></p>
${w.handOut ? html`<div class="notice" role="status" data-hand-out><p>${t(w.handOut)}</p></div>` : ''}
<p>${t(l('Beschikbare acties', 'Actions available'))}: ${w.actions.map(t).join(', ')}</p>
${manageUsers ? html`<p><a href="/users">${t(l('Gebruikers van deze administratie beheren', "Manage this administration's users"))}</a></p>` : ''}
${manageUsers ? html`<p><a href="/backup-all">${t(l('Back-ups maken van alle administraties op deze server', 'Back up every administration on this server'))}</a></p>` : ''}
${buttons(view.lang, { next: l('Volgende', 'Next'), cancel: false, focus: true })}
</form></div>`;
  return frame(view, t(w.title), body);
}

export function choosePage(
  view: View,
  actions: readonly WizardAction[],
  chosen: string | undefined,
  problem?: FieldProblem,
  general?: RenderedError,
): string {
  const t = (v: Localized) => v[view.lang];
  const body = html`<div class="card"><form method="post" action="/wizard">${csrfInput(view)}
<h1>${t(l('Kies een actie', 'Choose an action'))}</h1>
${problemBox(general)}
<fieldset class="actions" ${problem ? html`aria-describedby="e-action"` : ''}><legend>${t(l('Wat wilt u doen?', 'What do you want to do?'))}</legend>
${actions.map(
  (
    a,
    i,
  ) => html`<label for="action-${a.id}"><input type="radio" id="action-${a.id}" name="action" value="${a.id}" ${(chosen ? chosen === a.id : i === 0) ? html`checked autofocus` : ''}>
<span><span>${t(a.title)}</span><span class="explain">${t(a.explanation)}</span></span></label>`,
)}
</fieldset>
${problem ? html`<p class="error" id="e-action" role="alert">${problem.error.message}</p>` : ''}
${buttons(view.lang, { next: l('Volgende', 'Next'), back: true, focus: actions.length === 0 })}
</form></div>`;
  return frame(view, t(l('Kies een actie', 'Choose an action')), body);
}

function fieldValue(answers: Answers, field: Field): string {
  const v = answers[field.id];
  if (v === undefined) return typeof field.suggestion === 'string' ? field.suggestion : '';
  return Array.isArray(v) ? v.join(',') : v;
}

/** A field asked only for another field's answer: the page script shows it then (without scripts it always shows). */
function shownWhen(field: Field): Html | string {
  return field.shownWhen
    ? html`data-shown-when="${field.shownWhen.field}" data-shown-value="${field.shownWhen.value}"`
    : '';
}

/** A help text from the catalog (written as the command line's lower-case fragment) as a sentence on the page. */
export function sentence(text: string): string {
  const capital = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** One field; `focus`: it is where the keyboard starts on this step. */
function renderField(
  lang: Lang,
  field: Field,
  answers: Answers,
  problem: FieldProblem | undefined,
  focus = false,
): Html {
  const t = (v: Localized | string) => translate(v, lang);
  const id = `f-${field.id}`;
  const err = problem?.field === field.id ? problem.error : undefined;
  const described = [field.help ? `h-${field.id}` : '', err ? `e-${field.id}` : ''].filter(Boolean).join(' ');
  const aria = html`${described ? html`aria-describedby="${described}"` : ''} ${err ? html`aria-invalid="true"` : ''}`;
  const help = field.help
    ? html`<p class="help" id="h-${field.id}">${sentence(t(field.help))}${field.example ? ` ${t(field.example)}` : ''}</p>`
    : '';
  const error = err
    ? html`<p class="error" id="e-${field.id}" role="alert" data-code="${err.code}">${err.message}${err.hints.length ? html`<br><span class="hint">${err.hints.join(' ')}</span>` : ''}</p>`
    : '';
  const value = fieldValue(answers, field);
  const autofocus = focus ? html`autofocus` : '';
  switch (field.kind) {
    case 'choice': {
      // The keyboard starts on the chosen radio button (or the first): arrow keys move the choice from there.
      const choices = field.choices ?? [];
      const focused = choices.some((c) => c.value === value) ? value : choices[0]?.value;
      return html`<fieldset class="field" ${aria}><legend>${t(field.label)}</legend>
${choices.map((c) => html`<label><input type="radio" name="${field.id}" value="${c.value}" ${c.value === value ? html`checked` : ''} ${c.value === focused ? autofocus : ''}><span>${t(c.label)}${c.hint ? html` <span class="hint">${t(c.hint)}</span>` : ''}</span></label>`)}
${choices.length === 0 ? html`<p class="hint">${t(l('Geen keuze mogelijk.', 'Nothing to choose from.'))}</p>` : ''}
${help}${error}</fieldset>`;
    }
    case 'multi': {
      const chosen = new Set(
        answers[field.id] === undefined
          ? Array.isArray(field.suggestion)
            ? field.suggestion
            : []
          : Array.isArray(answers[field.id])
            ? (answers[field.id] as string[])
            : [],
      );
      return html`<fieldset class="field" ${aria}><legend>${t(field.label)}</legend>
<div class="row-choose"><button type="submit" name="nav" value="select-all:${field.id}" class="small">${t(l('Alles selecteren', 'Select all'))}</button><button type="submit" name="nav" value="select-none:${field.id}" class="small">${t(l('Niets selecteren', 'Select none'))}</button></div>
${(field.choices ?? []).map((c, i) => html`<label>${c.fixed ? html`<input type="hidden" name="${field.id}" value="${c.value}">` : ''}<input type="checkbox" ${c.fixed ? html`checked disabled` : html`name="${field.id}" value="${c.value}" ${chosen.has(c.value) ? html`checked` : ''}`} ${i === 0 ? autofocus : ''}><span>${t(c.label)}${c.hint ? html` <span class="hint">(${t(c.hint)})</span>` : ''}</span></label>`)}
${help}${error}</fieldset>`;
    }
    case 'file':
      return html`<div class="field"><label for="${id}">${t(field.label)}</label>
<input id="${id}" name="${field.id}" value="${value}" autocomplete="off" spellcheck="false" ${aria} ${autofocus}>
<div class="row-choose file-pick"><span class="hint" id="${id}-pick-intro">${t(l('Of kies een bestand van deze computer:', 'Or choose a file from this computer:'))}</span>
<input type="file" id="${id}-pick" class="visually-hidden" accept="${(field.accept ?? ['.ebu']).join(',')}" data-upload-for="${id}" aria-describedby="${id}-pick-intro">
<label for="${id}-pick" class="button small">${t(l('Bestand kiezen…', 'Choose a file…'))}</label></div>
<p class="help" id="${id}-upload" aria-live="polite" data-busy="${t(l('Bezig met uploaden…', 'Uploading…'))}" data-done="${t(l('Geüpload: {name}', 'Uploaded: {name}'))}" data-failed="${t(l('Uploaden is niet gelukt.', 'The upload failed.'))}"></p>
${help}${error}</div>`;
    case 'server':
      return serverField(lang, field, value, { aria, error, autofocus });
    case 'password':
      return html`<div class="field" ${shownWhen(field)}><label for="${id}">${t(field.label)}</label>
<input id="${id}" name="${field.id}" type="password" autocomplete="off" ${answers[field.id] ? html`placeholder="${t(l('•••••• (bewaard; typ om te wijzigen)', '•••••• (kept; type to change)'))}"` : ''} ${aria} ${autofocus}>${help}${error}</div>`;
    default:
      return html`<div class="field" ${shownWhen(field)}><label for="${id}">${t(field.label)}</label>
<input id="${id}" name="${field.id}" value="${field.kind === 'confirm' ? (answers[field.id] ?? '') : value}" ${field.maxLength ? html`maxlength="${field.maxLength}"` : ''} autocomplete="off" spellcheck="false" ${aria} ${autofocus}>${help}${error}</div>`;
  }
}

/**
 * The server step as in the source: "Mijn computer" with the server that
 * runs there, "Server" with a name field and the magnifier (Browse) beside
 * it, and Advanced for the login. The radio buttons are posted as
 * `server-where`, the name as the field itself (routes/flow.ts joins them).
 */
function serverField(
  lang: Lang,
  field: Field,
  value: string,
  parts: { aria: Html; error: Html | string; autofocus: Html | string },
): Html {
  const t = (v: Localized | string) => translate(v, lang);
  const [mine, other] = field.choices ?? [];
  const onMine = value === mine?.value;
  const option = (c: Choice | undefined, where: string, checked: boolean) =>
    c
      ? html`<label><input type="radio" name="server-where" value="${where}" id="f-server-${where}" ${checked ? html`checked ${parts.autofocus}` : ''}><span>${t(c.label)}${c.hint ? html` <span class="hint">${t(c.hint)}</span>` : ''}</span></label>`
      : '';
  return html`<fieldset class="field" ${parts.aria}><legend>${t(field.label)}</legend>
${option(mine, 'local', onMine)}
${option(other, 'server', !onMine)}
<div class="field server-name"><label for="f-${field.id}">${t(l('Naam van de server', 'Name of the server'))}</label>
<div class="row-choose"><input id="f-${field.id}" name="${field.id}" value="${onMine ? '' : value}" autocomplete="off" spellcheck="false" data-chooses="f-server-server">
<button type="submit" name="nav" value="browse" class="small">${t(l('Bladeren…', 'Browse…'))}</button></div></div>
<div class="row-choose"><button type="submit" name="nav" value="advanced" class="small">${t(l('Geavanceerd…', 'Advanced…'))}</button></div>
${parts.error}</fieldset>`;
}

/** Whether Browse can reach a server, in words. */
function reachableText(r: BrowsedServer['reachable']): Localized {
  switch (r) {
    case 'yes':
      return l('ja', 'yes');
    case 'no':
      return l('nee', 'no');
    case 'on-demand':
      return l('start bij gebruik', 'starts when used');
    default:
      return l('onbekend', 'unknown');
  }
}

/** A line of Browse: a known server by its name and where it is; one found by where it is. */
function browsedText(s: BrowsedServer): Localized {
  if (!s.known) return s.description;
  const name = s.name === 'local' ? l('Mijn computer', 'My computer') : { nl: s.name, en: s.name };
  return { nl: `${name.nl} — ${s.description.nl}`, en: `${name.en} — ${s.description.en}` };
}

export interface ServerPanel {
  readonly browse?: readonly BrowsedServer[];
  readonly advanced?: { readonly values: Record<string, string>; readonly error?: RenderedError };
  readonly saved?: string;
}

function serverPanel(view: View, panel: ServerPanel): Html {
  const t = (v: Localized) => v[view.lang];
  const browse = panel.browse
    ? html`<section class="dialog" aria-labelledby="browse-title"><h2 id="browse-title">${t(l('Servers', 'Servers'))}</h2>
<p>${t(l('De servers die kluis kent, en die op deze computer of via de PG-instellingen gevonden zijn.', 'The servers kluis knows, and those found on this computer or through the PG settings.'))}</p>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t(l('Server', 'Server'))}</th><th scope="col">${t(l('Bereikbaar', 'Reachable'))}</th><th scope="col"><span class="visually-hidden">${t(l('Gebruiken', 'Use'))}</span></th></tr></thead><tbody>
${panel.browse.map((s, i) => html`<tr><td data-label="${t(l('Server', 'Server'))}">${t(browsedText(s))}</td><td data-label="${t(l('Bereikbaar', 'Reachable'))}">${t(reachableText(s.reachable))}</td><td class="act"><button type="submit" name="nav" value="use-server:${i}" class="small" ${i === 0 ? html`autofocus` : ''}>${t(l('Gebruiken', 'Use'))}</button></td></tr>`)}
</tbody></table></div>
<button type="submit" name="nav" value="close-panel" class="small">${t(l('Sluiten', 'Close'))}</button></section>`
    : '';
  const a = panel.advanced;
  const v = a?.values ?? {};
  const input = (id: string, label: Localized, type = 'text') =>
    html`<div class="field"><label for="adv-${id}">${t(label)}</label><input id="adv-${id}" name="adv-${id}" type="${type}" value="${type === 'password' ? '' : (v[id] ?? '')}" autocomplete="off" ${id === 'name' ? html`autofocus` : ''}></div>`;
  const advanced = a
    ? html`<section class="dialog" aria-labelledby="adv-title"><h2 id="adv-title">${t(l('Geavanceerd: aanmeldgegevens', 'Advanced: login settings'))}</h2>
${problemBox(a.error)}
${input('name', l('Naam voor deze server in kluis', 'Name for this server in kluis'))}
${input('host', l('Host (naam, IP-adres of socketmap)', 'Host (name, IP address or socket folder)'))}
${input('port', l('Poort', 'Port'))}
${input('user', l('Gebruiker', 'User'))}
${input('password', l('Wachtwoord (versleuteld bewaard; leeg gelaten blijft een bewaard wachtwoord staan)', 'Password (stored encrypted; left empty, a stored one stays)'), 'password')}
${input('database', l('Database om mee te verbinden (standaard postgres)', 'Database to connect to (default postgres)'))}
<div class="field"><label for="adv-sslmode">${t(l('Versleutelde verbinding (TLS)', 'Encrypted connection (TLS)'))}</label><select id="adv-sslmode" name="adv-sslmode">${tlsChoices.map((c) => html`<option value="${c.value}" ${c.value === (v['sslmode'] || 'prefer') ? html`selected` : ''}>${t(c.label)}</option>`)}</select></div>
<div class="row-choose"><button type="submit" name="nav" value="save-server" class="small primary">${t(l('Verbinding testen en bewaren', 'Test connection and save'))}</button>
<button type="submit" name="nav" value="close-panel" class="small">${t(l('Sluiten', 'Close'))}</button></div></section>`
    : '';
  const saved = panel.saved
    ? html`<p class="ok" role="status">${view.lang === 'nl' ? `Server "${panel.saved}" getest en bewaard.` : `Server "${panel.saved}" tested and saved.`}</p>`
    : '';
  return html`${saved}${browse}${advanced}`;
}

export function stepPage(
  view: View,
  action: WizardAction,
  screen: Screen,
  answers: Answers,
  problem: FieldProblem | undefined,
  panel: ServerPanel,
  general?: RenderedError,
): string {
  const t = (v: Localized | string) => translate(v, view.lang);
  const table = screen.table;
  // Where the keyboard starts: an open dialog, else the field with the problem, else the first field (Next when there is none).
  const dialog = screen.serverPicker && (panel.browse || panel.advanced);
  const focusField = dialog ? undefined : (screen.fields.find((f) => f.id === problem?.field) ?? screen.fields[0])?.id;
  const body = html`<div class="card"><form method="post" action="/wizard" novalidate>${csrfInput(view)}
${screen.serverPicker && panel.advanced ? defaultButton(view.lang, 'save-server', l('Verbinding testen en bewaren', 'Test connection and save')) : defaultButton(view.lang)}
<p class="crumbs">${t(action.title)}</p>
<h1>${t(screen.title)}</h1>
${screen.intro ? html`<p class="intro">${t(screen.intro)}</p>` : ''}
${problemBox(general)}
${(screen.notices ?? []).map((n) => html`<div class="notice ${n.tone}" role="${n.tone === 'warning' ? 'alert' : 'status'}">${t(n.text)}</div>`)}
${screen.fields.map((f) => renderField(view.lang, f, answers, problem, f.id === focusField))}
${screen.serverPicker ? serverPanel(view, panel) : ''}
${table ? tableHtml(table, t, (i) => (i > 2 ? 'num opt' : '')) : ''}
${buttons(view.lang, { next: l('Volgende', 'Next'), back: true, focus: !dialog && focusField === undefined })}
</form></div>`;
  return frame(view, t(screen.title), body);
}

/**
 * A table of a screen, stacked into cards on a narrow screen. `classOf`
 * gives a column its class: the history's counts are numbers that a narrow
 * window leaves out ('num opt'), a review's amounts numbers that stay ('num').
 * A row that fills in a field gets its Choose button.
 */
function tableHtml(table: Table, t: (v: Localized | string) => string, classOf: (column: number) => string): Html {
  const choose = table.rows.some((r) => r.fills);
  // Stacked, every label of a dozen letters or fewer (a review's): a narrower labels' column leaves a value
  // such as an entry number or an account's name room to stay whole.
  const short = table.columns.every((c) => t(c).length <= 12);
  return html`<div class="table-wrap"><table class="stack${short ? ' short-labels' : ''}"><caption>${t(table.caption)}</caption><thead><tr>${table.columns.map((c, i) => html`<th class="${classOf(i)}" scope="col">${t(c)}</th>`)}${choose ? html`<th scope="col"><span class="visually-hidden">${t(l('Kiezen', 'Choose'))}</span></th>` : ''}</tr></thead><tbody>
${table.rows.map((r) => html`<tr>${r.cells.map((c, i) => html`<td class="${classOf(i)}" data-label="${t(table.columns[i] ?? '')}">${typeof c === 'string' ? c : t(c)}</td>`)}${r.fills ? html`<td class="act"><button type="submit" name="nav" value="fill:${r.fills.field}:${r.fills.value}" class="small">${t(l('Kiezen', 'Choose'))}</button></td>` : ''}</tr>`)}
</tbody></table></div>${table.rows.length === 0 ? html`<p class="hint">${t(table.empty)}</p>` : ''}`;
}

/** Tables under a summary or a result (a review): their amounts right-aligned, no column left out. */
function tablesHtml(tables: readonly Table[] | undefined, t: (v: Localized | string) => string): Html | '' {
  if (!tables?.length) return '';
  return html`${tables.map((table) => tableHtml(table, t, (i) => (table.figures?.includes(i) ? 'num' : '')))}`;
}

/** Rows as a list, with the rows that are notes (warnings) above it as notes of their own. */
function rowsWithNotes(rows: readonly SummaryRow[], t: (v: Localized | string) => string): Html {
  return html`${rows
    .filter((r) => r.note)
    .map(
      (r) => html`<div class="notice warning" role="note"><p><strong>${t(r.label)}:</strong> ${t(r.value)}</p></div>`,
    )}
<dl class="summary">${rows.filter((r) => !r.note).map((r) => html`<dt>${t(r.label)}</dt><dd>${t(r.value)}</dd>`)}</dl>`;
}

/** What the person can do now, after a result. */
function nextSteps(next: readonly Localized[] | undefined, t: (v: Localized | string) => string): Html | '' {
  if (!next?.length) return '';
  return html`<section class="notice next" aria-labelledby="next-steps"><h2 id="next-steps">${t(l('Wat nu?', 'What next?'))}</h2>
<ul>${next.map((s) => html`<li>${t(s)}</li>`)}</ul></section>`;
}

export function summaryPage(
  view: View,
  action: WizardAction,
  rows: readonly SummaryRow[],
  problem?: RenderedError,
  tables?: readonly Table[],
): string {
  const t = (v: Localized | string) => translate(v, view.lang);
  const body = html`<div class="card"><form method="post" action="/wizard">${csrfInput(view)}
<p class="crumbs">${t(action.title)}</p>
<h1>${t(l('Samenvatting', 'Summary'))}</h1>
<p class="intro">${t(l('Controleer wat er gaat gebeuren. Met Klaar begint de actie.', 'Check what will happen. Finish starts the operation.'))}</p>
${problemBox(problem)}
${rowsWithNotes(rows, t)}
${tablesHtml(tables, t)}
<div class="buttons">
  <button type="submit" name="nav" value="finish" class="primary" autofocus>${t(l('Klaar', 'Finish'))}</button>
  <button type="submit" name="nav" value="back" class="back">${t(l('Terug', 'Back'))}</button>
  <button type="submit" name="nav" value="cancel" class="cancel">${t(l('Annuleren', 'Cancel'))}</button>
</div>
</form></div>`;
  return frame(view, t(l('Samenvatting', 'Summary')), body);
}

/**
 * The running job: its phase and percentage (read out as they change), the
 * bar, and its figures (size, tables, rows, time left), each shown once the
 * job reports it; the page script keeps them current.
 */
export function progressPage(
  view: View,
  action: Pick<WizardAction, 'title'>,
  jobId: string,
  progress: ProgressShown,
): string {
  const t = (v: Localized | string) => translate(v, view.lang);
  const figures = Object.entries(progressFigureLabels).map(([id, label]) => {
    const value = progress.figures.find((f) => f.id === id)?.value;
    return html`<div id="progress-${id}"${value === undefined ? ' hidden' : ''}><dt>${t(label)}</dt><dd>${value ?? ''}</dd></div>`;
  });
  const body = html`<div class="card">
<p class="crumbs">${t(action.title)}</p>
<h1>${t(l('Bezig…', 'Working…'))}</h1>
<p class="intro">${t(l('U kunt dit venster sluiten: de actie loopt door op de computer waarop kluis draait, en u ziet het resultaat als u terugkomt.', 'You may close this window: the operation keeps running on the computer kluis runs on, and you see its result when you come back.'))}</p>
<label for="progress">${t(l('Voortgang', 'Progress'))}</label>
<progress id="progress" max="100" value="${progress.percent}" data-job="${jobId}"></progress>
<p id="progress-label" aria-live="polite">${progress.text}</p>
<dl class="summary progress-figures">${figures}</dl>
<noscript><p><a href="/">${t(l('Vernieuwen', 'Refresh'))}</a></p></noscript>
</div>`;
  return frame(view, t(l('Bezig…', 'Working…')), body);
}

export function resultPage(
  view: View,
  action: WizardAction,
  outcome: (Outcome & { download?: string }) | undefined,
  error: RenderedError | undefined,
): string {
  const t = (v: Localized | string) => translate(v, view.lang);
  const body = html`<div class="card"><form method="post" action="/wizard">${csrfInput(view)}
<p class="crumbs">${t(action.title)}</p>
${
  outcome
    ? html`<h1 class="ok" data-result="done">${t(outcome.title)}</h1>
${rowsWithNotes(outcome.rows, t)}
${tablesHtml(outcome.tables, t)}
${nextSteps(outcome.next, t)}
${outcome.download ? html`<p><a class="button" href="${outcome.download}" download>${t(outcome.fileLabel ?? l('Back-up downloaden', 'Download backup'))}</a></p>` : ''}`
    : html`<h1 data-result="failed">${t(l('Niet gelukt', 'Not done'))}</h1>${problemBox(error)}`
}
<div class="buttons">
  <button type="submit" name="nav" value="restart" class="primary" autofocus>${t(l('Naar het begin', 'Back to the start'))}</button>
  ${error ? html`<button type="submit" name="nav" value="retry" class="back">${t(l('Terug naar de samenvatting', 'Back to the summary'))}</button>` : ''}
</div>
</form></div>`;
  return frame(view, t(outcome ? outcome.title : l('Niet gelukt', 'Not done')), body);
}
