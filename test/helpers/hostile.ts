/**
 * Values an attacker types where a name, number, path or setting belongs:
 * SQL, shell, format-string, path, markup and size attacks. Each must be
 * refused with a coded error or kept as the literal text it is. `pwned` is
 * a file the shell attacks would create.
 */
export function hostileValues(pwned: string): string[] {
  return [
    `x'; drop database postgres; --`,
    `x"; drop table users; --`,
    `$$; drop table accounts; $$`,
    `Robert'); DROP TABLE students;--`,
    `a' or '1'='1`,
    `\\'; select pg_sleep(30); --`,
    `$(touch ${pwned})`,
    `\`touch ${pwned}\``,
    `; touch ${pwned}`,
    `%s%n%x`,
    `../../etc/passwd`,
    `/etc/passwd`,
    `a\tb`,
    `\u202eevil`,
    'é'.repeat(61),
    'x'.repeat(5000),
  ];
}

/** Markup that would run script if a page put it into HTML unescaped. */
export const markupValues: readonly string[] = [
  `<script>alert(1)</script>`,
  `"><img src=x onerror=alert(1)>`,
  `'><svg onload=alert(1)>`,
];
