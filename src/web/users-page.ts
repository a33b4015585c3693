/**
 * The Users page of the web wizard: the open administration's users, and
 * the changes an administrator makes to them (add, activate, deactivate, a
 * new password, another role, remove after a confirmation). Every input has
 * its label; under 600 px the table's rows stack, each cell named by its
 * column. The labels of the add form are the catalog's (the same inputs as
 * `kluis user add`).
 */
import * as core from '../core/index.js';
import { type Lang, type Localized, l, type RenderedError } from '../errors/index.js';
import { type Html, html, page } from './html.js';
import { problemBox, type View } from './pages.js';

/** What the page says once after a post: what was done, or why not, and where. */
export interface UsersNotice {
  readonly done?: string;
  readonly error?: RenderedError;
  /** The add form's typed values, kept after a refusal (never its passwords). */
  readonly add?: { readonly user: string; readonly fullName: string; readonly role: string };
  /** The add form's field the refusal is about, where the keyboard starts again. */
  readonly field?: 'user' | 'password';
}

/** An open panel: a new password, or a removal to confirm, for one user. */
export interface UsersPanel {
  readonly kind: 'password' | 'remove';
  readonly user: core.UserSummary;
}

const t = (lang: Lang, v: Localized) => v[lang];

function frame(view: View, body: Html): string {
  return page({
    lang: view.lang,
    title: t(view.lang, l('Gebruikers', 'Users')),
    csrf: view.csrf,
    ...(view.who ? { who: view.who } : {}),
    body,
  });
}

function csrfInput(view: View): Html {
  return html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
}

/** A form that posts one change for one user, its hidden fields first. */
function changeForm(view: View, change: string, user: string, content: Html, extra = ''): Html {
  return html`<form method="post" action="/users" class="${`inline-change ${extra}`.trim()}">${csrfInput(view)}<input type="hidden" name="do" value="${change}"><input type="hidden" name="user" value="${user}">${content}</form>`;
}

function roleOptions(lang: Lang, chosen: string): Html[] {
  return core.userRoles.map(
    (r) => html`<option value="${r}" ${r === chosen ? html`selected` : ''}>${t(lang, core.roleLabel(r))}</option>`,
  );
}

const columns = {
  user: l('Gebruikersnaam', 'User name'),
  name: l('Naam', 'Name'),
  role: l('Rol', 'Role'),
  active: l('Actief', 'Active'),
  origin: l('Herkomst', 'Origin'),
  actions: l('Wijzigen', 'Change'),
};

function userRow(view: View, list: core.UserListing, u: core.UserSummary): Html {
  const lang = view.lang;
  const cell = (column: keyof typeof columns, content: unknown) =>
    // One element inside: a stacked cell is a grid of its column's name and this.
    html`<td data-label="${t(lang, columns[column])}"><div>${content}</div></td>`;
  const registered = list.registered.includes(u.userName);
  const roleForm = changeForm(
    view,
    'role',
    u.userName,
    html`<label class="visually-hidden" for="role-${u.userName}">${t(lang, l(`Rol van ${u.userName}`, `Role of ${u.userName}`))}</label><select id="role-${u.userName}" name="role">${roleOptions(lang, u.role)}</select><button type="submit" class="small">${t(lang, l('Rol wijzigen', 'Change role'))}</button>`,
  );
  // The licence's registered user stays and stays active: no button that could only be refused.
  const toggle = registered
    ? html`<span class="hint">${t(lang, l('geregistreerde gebruiker van de licentie: blijft actief', "the licence's registered user: stays active"))}</span>`
    : changeForm(
        view,
        u.active ? 'deactivate' : 'activate',
        u.userName,
        html`<button type="submit" class="small">${t(lang, u.active ? l('Inactief maken', 'Deactivate') : l('Activeren', 'Activate'))}</button>`,
      );
  const link = (kind: string, label: Localized) =>
    html`<a class="button small" href="/users?${kind}=${encodeURIComponent(u.userName)}">${t(lang, label)}<span class="visually-hidden"> ${u.userName}</span></a>`;
  return html`<tr data-user="${u.userName}">
${cell('user', html`${u.userName}${registered ? html` <span class="hint">(${t(lang, l('geregistreerd', 'registered'))})</span>` : ''}`)}
${cell('name', u.fullName)}
${cell('role', roleForm)}
${cell('active', t(lang, u.active ? l('ja', 'yes') : l('nee', 'no')))}
${cell('origin', t(lang, core.originLabel(u.origin)))}
${cell('actions', html`<div class="row-choose">${toggle}${link('password', l('Nieuw wachtwoord', 'New password'))}${registered ? '' : link('remove', l('Verwijderen', 'Remove'))}</div>`)}
</tr>`;
}

function passwordFields(lang: Lang, prefix: string, focus: boolean): Html {
  return html`<div class="field"><label for="${prefix}-password">${t(lang, l('Wachtwoord', 'Password'))}</label><input id="${prefix}-password" name="password" type="password" autocomplete="new-password" aria-describedby="${prefix}-password-help" ${focus ? html`autofocus` : ''}><p class="help" id="${prefix}-password-help">${t(lang, l(`Minstens ${core.minPasswordLength} tekens.`, `At least ${core.minPasswordLength} characters.`))}</p></div>
<div class="field"><label for="${prefix}-again">${t(lang, l('Wachtwoord nogmaals', 'Password again'))}</label><input id="${prefix}-again" name="password-again" type="password" autocomplete="new-password"></div>`;
}

function panelSection(view: View, panel: UsersPanel, list: core.UserListing, error: RenderedError | undefined): Html {
  const lang = view.lang;
  const u = panel.user;
  const cancel = (focus: boolean) =>
    html`<a class="button small" href="/users" ${focus ? html`autofocus` : ''}>${t(lang, l('Annuleren', 'Cancel'))}</a>`;
  if (panel.kind === 'password')
    return html`<section class="dialog" aria-labelledby="panel-title"><h2 id="panel-title">${t(lang, l(`Nieuw wachtwoord voor ${u.userName}`, `New password for ${u.userName}`))}</h2>
${problemBox(error)}
${changeForm(view, 'password', u.userName, html`${passwordFields(lang, 'new', true)}<div class="row-choose"><button type="submit" class="primary small">${t(lang, l('Wachtwoord opslaan', 'Save password'))}</button>${cancel(false)}</div>`, 'stacked')}
</section>`;
  return html`<section class="dialog" aria-labelledby="panel-title"><h2 id="panel-title">${t(lang, l(`Gebruiker ${u.userName} verwijderen?`, `Remove user ${u.userName}?`))}</h2>
${problemBox(error)}
<p>${t(lang, l(`${u.fullName || u.userName} kan zich daarna niet meer aanmelden bij administratie ${list.adm}. Het auditlog houdt bij dat u dit deed.`, `${u.fullName || u.userName} can then no longer sign in to administration ${list.adm}. The audit log records that you did this.`))}</p>
${changeForm(view, 'remove', u.userName, html`<div class="row-choose"><button type="submit" class="primary small">${t(lang, l('Verwijderen', 'Remove'))}</button>${cancel(true)}</div>`)}
</section>`;
}

function addSection(view: View, notice: UsersNotice | undefined): Html {
  const lang = view.lang;
  const kept = notice?.add;
  const label = (id: core.InputId) => t(lang, core.inputOf(id).label);
  return html`<section class="dialog" aria-labelledby="add-title"><h2 id="add-title">${t(lang, l('Gebruiker toevoegen', 'Add a user'))}</h2>
${kept ? problemBox(notice?.error) : ''}
<form method="post" action="/users" novalidate>${csrfInput(view)}<input type="hidden" name="do" value="add">
<div class="field"><label for="add-user">${label('user-name')}</label><input id="add-user" name="user" maxlength="${core.inputOf('user-name').maxLength}" autocomplete="off" spellcheck="false" value="${kept?.user ?? ''}" aria-describedby="add-user-help" ${kept && notice?.field !== 'password' ? html`autofocus` : ''}><p class="help" id="add-user-help">${t(lang, core.inputOf('user-name').help)}</p></div>
<div class="field"><label for="add-name">${label('user-full-name')}</label><input id="add-name" name="full-name" maxlength="${core.inputOf('user-full-name').maxLength}" autocomplete="off" value="${kept?.fullName ?? ''}"></div>
<div class="field"><label for="add-role">${label('role')}</label><select id="add-role" name="role">${roleOptions(lang, kept?.role ?? 'bookkeeper')}</select></div>
${passwordFields(lang, 'add', kept !== undefined && notice?.field === 'password')}
<div class="buttons"><button type="submit" class="primary">${t(lang, l('Toevoegen', 'Add'))}</button></div>
</form></section>`;
}

/** The list of users, the open panel (if any) and the add form, with what the last change did. */
export function usersPage(
  view: View,
  list: core.UserListing,
  panel: UsersPanel | undefined,
  notice: UsersNotice | undefined,
): string {
  const lang = view.lang;
  const max =
    list.maxUsers === undefined ? '' : t(lang, l(` van maximaal ${list.maxUsers}`, ` of at most ${list.maxUsers}`));
  // A refusal is said where it happened: in the open panel, at the add form, else at the top.
  const topError = notice?.error && !panel && !notice.add ? notice.error : undefined;
  const body = html`<div class="card">
<p class="crumbs"><a href="/">${t(lang, l('Terug naar de wizard', 'Back to the wizard'))}</a></p>
<h1>${t(lang, l('Gebruikers', 'Users'))}</h1>
<p class="intro">${t(lang, l(`Administratie ${list.adm} ${list.name}: ${list.activeUsers}${max} actieve gebruikers. Alleen actieve gebruikers tellen mee voor de licentie; een inactieve gebruiker kan zich niet aanmelden.`, `Administration ${list.adm} ${list.name}: ${list.activeUsers}${max} active users. Only active users count for the licence; an inactive user cannot sign in.`))}</p>
${notice?.done ? html`<div class="notice" role="status">${notice.done}</div>` : ''}
${problemBox(topError)}
${panel ? panelSection(view, panel, list, notice?.error) : ''}
<div class="table-wrap"><table class="stack"><caption>${t(lang, l('Gebruikers van deze administratie', 'Users of this administration'))}</caption>
<thead><tr>${Object.values(columns).map((c) => html`<th scope="col">${t(lang, c)}</th>`)}</tr></thead>
<tbody>${list.users.map((u) => userRow(view, list, u))}</tbody></table></div>
${addSection(view, notice)}
</div>`;
  return frame(view, body);
}

/** The page for someone who may not manage the users: one sentence, and the way back. */
export function usersRefusedPage(view: View, error: RenderedError): string {
  const body = html`<div class="card"><h1>${t(view.lang, l('Gebruikers', 'Users'))}</h1>${problemBox(error)}
<p><a class="button primary" href="/" autofocus>${t(view.lang, l('Terug naar de wizard', 'Back to the wizard'))}</a></p></div>`;
  return frame(view, body);
}
