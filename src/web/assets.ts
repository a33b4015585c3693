/**
 * The page's style and its one small script, served from memory. The script
 * only adds what plain forms cannot do: uploading a chosen file, live
 * progress over server-sent events, and reloading the language choice.
 * Everything else works with the keyboard and without it.
 */
export const wizardCss = `
:root { --ink: #1d2733; --muted: #5b6775; --line: #d5dbe2; --accent: #1f5fa8; --accent-ink: #fff; --warn-bg: #fff4e0; --warn: #8a4b00; --err: #a4161a; --ok: #1e6b3a; --bg: #f5f7f9; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); line-height: 1.45; }
header.top { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.brand { font-weight: 700; letter-spacing: .02em; margin-right: auto; }
.who { color: var(--muted); }
main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1.4rem 1.6rem; }
h1 { font-size: 1.35rem; margin: 0 0 .3rem; }
.crumbs { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
.intro { margin: 0 0 1.2rem; max-width: 46rem; }
.field { margin: 0 0 1.1rem; }
label, legend { display: block; font-weight: 600; margin-bottom: .3rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.1rem; }
fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: baseline; margin: .25rem 0; }
input[type=text], input[type=password], input:not([type]), select { width: 100%; max-width: 34rem; padding: .45rem .55rem; border: 1px solid #9aa6b2; border-radius: 4px; font: inherit; }
input:focus-visible, select:focus-visible, button:focus-visible, a:focus-visible, tr:focus-visible { outline: 3px solid #7fb0e8; outline-offset: 1px; }
.help { color: var(--muted); font-size: .9rem; margin: .25rem 0 0; }
.hint { color: var(--muted); font-size: .9rem; }
.error { color: var(--err); font-weight: 600; margin: .3rem 0 0; }
.error .hint { font-weight: 400; }
[aria-invalid=true] { border-color: var(--err) !important; }
.notice { border-left: 4px solid var(--accent); background: #eef4fb; padding: .7rem 1rem; margin: 0 0 1rem; }
.notice.warning { border-color: #d98a00; background: var(--warn-bg); color: var(--warn); }
.notice h2 { font-size: 1rem; margin: 0 0 .3rem; }
.notice.next { margin-top: 1rem; }
.notice ul { margin: 0; padding-left: 1.2rem; }
.notice p { margin: 0; }
.problem { border-left: 4px solid var(--err); background: #fdeeee; padding: .8rem 1rem; margin: 0 0 1rem; }
.problem p { margin: .2rem 0; }
.buttons { display: flex; gap: .6rem; justify-content: flex-end; margin-top: 1.6rem; border-top: 1px solid var(--line); padding-top: 1rem; flex-wrap: wrap; }
.buttons .cancel { order: 1; margin-right: auto; }
/* The form's default button (Enter means Next): present for the browser, out of sight and out of reach. */
.default-action { position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden; }
.buttons .back { order: 2; }
.buttons .primary { order: 3; }
button, .button { font: inherit; padding: .5rem 1.1rem; border-radius: 4px; border: 1px solid #9aa6b2; background: #fff; color: var(--ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
button.link { border: 0; background: none; color: var(--accent); padding: 0; text-decoration: underline; }
button.small, .button.small { padding: .2rem .6rem; font-size: .9rem; }
form.inline { display: inline; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .93rem; }
caption { text-align: left; font-weight: 600; margin-bottom: .4rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; }
/* A size or count is read whole: "3.0 MiB" does not break between the figure and its unit. */
td.num { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
dl.summary { display: grid; grid-template-columns: minmax(9rem, 14rem) 1fr; gap: .45rem 1rem; margin: 0; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; overflow-wrap: anywhere; }
.actions label { align-items: flex-start; padding: .55rem .6rem; border: 1px solid var(--line); border-radius: 4px; margin: .4rem 0; }
.actions .explain { display: block; color: var(--muted); font-size: .92rem; }
progress { width: 100%; height: 1.3rem; }
/* The figures under the bar: rows of the summary grid, each hidden until the operation reports it. */
.progress-figures { margin-top: .8rem; }
.progress-figures > div { display: contents; }
.progress-figures > div[hidden] { display: none; }
.field[hidden] { display: none; }
.dialog h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
.dialog { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; margin: 0 0 1rem; background: #fbfcfd; }
.ok { color: var(--ok); }
.plain { font-weight: 400; margin: 0; }
.row-choose { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
/* Out of sight, still read by screen readers and (for a file input) reached by Tab. */
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
/* The file picker: the browser's own button speaks the browser's language, so the page shows a labelled one of its own. */
label.button { font-weight: 400; margin: 0; }
.file-pick { margin-top: .45rem; }
.file-pick input[type=file]:focus-visible + label { outline: 3px solid #7fb0e8; outline-offset: 1px; }
.inline-change { display: inline-flex; gap: .3rem; align-items: center; flex-wrap: wrap; margin: 0; }
.inline-change select { width: auto; }
.inline-change.stacked { display: block; }
.server-name { margin: .2rem 0 .6rem 1.6rem; }
@media (max-width: 40rem) {
  main { margin: .6rem auto; }
  .card { padding: 1rem; }
  dl.summary { grid-template-columns: 1fr; }
  .buttons { justify-content: stretch; }
  .buttons button { flex: 1 1 auto; }
  th.opt, td.opt { display: none; }
}
/* Narrow screens: each row of a table is a card of label/value lines, its button full width and in sight. */
@media (max-width: 37.5rem) {
  .table-wrap { overflow-x: visible; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.stack, table.stack tbody, table.stack tr, table.stack caption { display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--line); border-radius: 4px; padding: .45rem .7rem; margin: 0 0 .6rem; }
  table.stack td, table.stack td.opt { display: flex; gap: .6rem; border: 0; padding: .15rem 0; text-align: left; overflow-wrap: anywhere; }
  table.stack td::before { content: attr(data-label); flex: 0 0 auto; min-width: 9.5rem; max-width: 55%; font-weight: 600; color: var(--muted); overflow-wrap: break-word; }
  table.stack.short-labels td::before { min-width: 7.5rem; }
  table.stack td.act { display: block; padding-top: .45rem; }
  table.stack td.act::before { content: none; }
  table.stack td.act button { width: 100%; }
}
`;

export const wizardJs = `
const csrf = () => document.querySelector('input[name=_csrf]')?.value ?? '';

// Upload a chosen file; the server answers with the path it was saved under.
for (const picker of document.querySelectorAll('input[type=file][data-upload-for]')) {
  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    if (!file) return;
    const target = document.getElementById(picker.dataset.uploadFor);
    const status = document.getElementById(picker.dataset.uploadFor + '-upload');
    status.textContent = status.dataset.busy;
    const res = await fetch('/upload', { method: 'POST', body: file, headers: { 'X-CSRF-Token': csrf(), 'X-File-Name': encodeURIComponent(file.name) } }).catch(() => undefined);
    if (!res) {
      status.textContent = status.dataset.failed;
      return;
    }
    const body = await res.json().catch(() => ({}));
    if (res.ok) {
      target.value = body.path;
      status.textContent = status.dataset.done.replace('{name}', file.name);
    } else {
      status.textContent = body.message ?? status.dataset.failed;
    }
  });
}

// A proposed answer where the keyboard starts (the name for a restore or a copy) is selected: typing replaces it,
// Enter takes it.
const proposed = document.querySelector('input[autofocus]:not([type]), input[autofocus][type="text"]');
if (proposed && proposed.value) {
  proposed.focus();
  proposed.select();
}

// A field asked only for another field's answer (a passphrase, when encrypting with one) shows only then.
for (const field of document.querySelectorAll('[data-shown-when]')) {
  const controls = document.querySelectorAll('input[name="' + field.dataset.shownWhen + '"]');
  const update = () => {
    const chosen = [...controls].find((c) => c.checked);
    field.hidden = !chosen || chosen.value !== field.dataset.shownValue;
  };
  for (const c of controls) c.addEventListener('change', update);
  update();
}

// Typing a server's name chooses "Server" (without the script, a person picks it).
for (const name of document.querySelectorAll('input[data-chooses]')) {
  name.addEventListener('input', () => { const radio = document.getElementById(name.dataset.chooses); if (radio) radio.checked = true; });
}

// The sign-in page lists the administrations of the chosen server.
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => { location.search = '?server=' + encodeURIComponent(select.value); });
}

// Live progress of the running operation.
const bar = document.querySelector('progress[data-job]');
if (bar) {
  const label = document.getElementById('progress-label');
  const events = new EventSource('/jobs/' + encodeURIComponent(bar.dataset.job) + '/events');
  events.addEventListener('progress', (e) => {
    const p = JSON.parse(e.data);
    bar.value = p.percent;
    label.textContent = p.text;
    // Each figure (size, tables, rows, time left) shows once the operation reports it.
    for (const row of document.querySelectorAll('.progress-figures > div')) {
      const figure = (p.figures ?? []).find((f) => 'progress-' + f.id === row.id);
      row.hidden = !figure;
      if (figure) row.querySelector('dd').textContent = figure.value;
    }
  });
  events.addEventListener('done', () => { events.close(); location.reload(); });
  events.onerror = () => { events.close(); setTimeout(() => location.reload(), 1000); };
}
`;
