/** HTML with every value escaped; the page frame shared by all screens. */
import type { Lang } from '../errors/index.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => entities[c]!);
}

/** A fragment of markup that is already safe. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return esc(v);
}

export interface PageFrame {
  readonly lang: Lang;
  readonly title: string;
  readonly csrf?: string;
  /** Who is signed in, shown in the header. */
  readonly who?: string;
  readonly body: Html;
}

export function page(frame: PageFrame): string {
  const { lang } = frame;
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return `<!doctype html>
${
  html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} — kluis</title>
<link rel="stylesheet" href="/assets/wizard.css">
<script type="module" src="/assets/wizard.js"></script>
</head>
<body>
<header class="top">
  <span class="brand">kluis</span>
  ${frame.who ? html`<span class="who">${frame.who}</span>` : ''}
  ${
    frame.csrf
      ? html`<form method="post" action="/lang" class="inline"><input type="hidden" name="_csrf" value="${frame.csrf}"><input type="hidden" name="lang" value="${other}"><button type="submit" class="link" lang="${other}">${other === 'nl' ? 'Nederlands' : 'English'}</button></form>
  ${frame.who ? html`<form method="post" action="/sign-out" class="inline"><input type="hidden" name="_csrf" value="${frame.csrf}"><button type="submit" class="link">${lang === 'nl' ? 'Afmelden' : 'Sign out'}</button></form>` : ''}`
      : ''
  }
</header>
<main id="main">
${frame.body}
</main>
</body>
</html>`.value
}
`;
}
