/**
 * The forms the web wizard's pages post (src/web/routes): the schema is
 * the type. A browser only sends what a kluis page offered, so a form that
 * fails is a forged or stale one and is refused as a whole (the web layer
 * says so in the reader's language); what a person can get wrong inside an
 * offered field (a port out of range, a wrong password) is still checked by
 * the route and said at its field. Fields a person types (sign-in, server
 * settings) are only bounded in length here: whatever else is wrong with
 * them is said at the field as before, in words for that field. A step's
 * own fields are the wizard model's to check and are not declared here.
 */
import type * as V from 'valibot';
import { unprintable } from './common.js';
import { lazySchema, type Valibot } from './valibot.js';

/** A text field: printable, of a length no page asks for more of; absent is empty. */
const field = (v: Valibot, max = 1000) =>
  v.optional(
    v.pipe(
      v.string(),
      v.maxLength(max),
      v.check((s) => !unprintable.test(s)),
    ),
    '',
  );

/** What a person types: anything, of a length no one types; absent is empty. Its own checks say what is wrong. */
const typed = (v: Valibot) => v.optional(v.pipe(v.string(), v.maxLength(10_000)), '');

function declareSignIn(v: Valibot) {
  return v.object({ server: v.optional(typed(v)), adm: typed(v), user: typed(v), password: typed(v) });
}

function declareLanguage(v: Valibot) {
  return v.object({ lang: v.picklist(['nl', 'en']) });
}

function declareDemo(v: Valibot) {
  return v.object({ server: v.optional(typed(v)) });
}

/**
 * The wizard's buttons: `nav` is a command word, perhaps with arguments
 * after a colon ("fill:file:/path/to/a.ebu", "use-server:2").
 */
function declareWizard(v: Valibot) {
  return v.object({
    nav: v.optional(v.pipe(v.string(), v.maxLength(5000), v.regex(/^[a-z][a-z-]{0,30}(:[\s\S]*)?$/)), 'next'),
    action: field(v, 200),
  });
}

/** Advanced server settings (the server picker's panel). */
function declareServerSettings(v: Valibot) {
  return v.object({
    'adv-name': typed(v),
    'adv-host': typed(v),
    'adv-port': typed(v),
    'adv-user': typed(v),
    'adv-database': typed(v),
    'adv-sslmode': typed(v),
    'adv-password': typed(v),
  });
}

/**
 * The Users page's forms: which change (`do`), for which user, and what the
 * add and password forms hold. A user name, full name and password are typed
 * by a person and only bounded here; core says what is wrong with them.
 */
function declareUsers(v: Valibot) {
  return v.object({
    do: v.picklist(['add', 'activate', 'deactivate', 'password', 'role', 'remove']),
    user: typed(v),
    'full-name': typed(v),
    role: field(v, 40),
    password: typed(v),
    'password-again': typed(v),
  });
}

/** The page "Back up every administration": start (with a destination, how many at once, verify), or again. */
function declareBackupAll(v: Valibot) {
  return v.object({
    do: v.optional(v.picklist(['start', 'again']), 'start'),
    destination: typed(v),
    jobs: typed(v),
    verify: v.optional(v.literal('on')),
  });
}

export const signInForm = lazySchema(declareSignIn);
export const backupAllForm = lazySchema(declareBackupAll);
export type BackupAllForm = V.InferOutput<ReturnType<typeof declareBackupAll>>;
export const usersForm = lazySchema(declareUsers);
export type UsersForm = V.InferOutput<ReturnType<typeof declareUsers>>;
export const languageForm = lazySchema(declareLanguage);
export const demoForm = lazySchema(declareDemo);
export const wizardForm = lazySchema(declareWizard);
export const serverSettingsForm = lazySchema(declareServerSettings);

export type SignInForm = V.InferOutput<ReturnType<typeof declareSignIn>>;
export type WizardForm = V.InferOutput<ReturnType<typeof declareWizard>>;
export type ServerSettingsForm = V.InferOutput<ReturnType<typeof declareServerSettings>>;
