/**
 * The two languages kluis speaks. The choice comes from --lang, then
 * KLUIS_LANG, then the usual locale variables; Dutch locales get Dutch.
 */
export type Lang = 'nl' | 'en';

export const languages: readonly Lang[] = ['nl', 'en'];

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const explicit = env['KLUIS_LANG'];
  if (explicit && isLang(explicit)) return explicit;
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^nl([_.-]|$)/i.test(locale) ? 'nl' : 'en';
}
