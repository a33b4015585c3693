/**
 * Why a file stays, in words (nl and en), for the CLI and any page that
 * shows what prune keeps. One text per rule of policy.ts.
 */
import type { Localized } from '../../errors/index.js';
import type { RetentionPolicy } from '../config/config-store.js';
import { formatDate } from '../formats.js';
import type { KeepReason } from './policy.js';

const months = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** A calendar day (YYYY-MM-DD) as a person reads it; the day itself, in no time zone. */
const day = (date: string): Localized => ({
  nl: formatDate(`${date}T12:00:00Z`, 'nl'),
  en: formatDate(`${date}T12:00:00Z`, 'en'),
});

function periodText(rule: 'daily' | 'weekly' | 'monthly' | 'yearly', period: string): Localized {
  switch (rule) {
    case 'daily': {
      const d = day(period);
      return { nl: `dagelijks (${d.nl})`, en: `daily (${d.en})` };
    }
    case 'weekly': {
      const [year, week] = period.split('-W');
      return { nl: `wekelijks (week ${Number(week)} van ${year})`, en: `weekly (week ${Number(week)} of ${year})` };
    }
    case 'monthly': {
      const [year, month] = period.split('-').map(Number) as [number, number];
      return { nl: `maandelijks (${months.nl[month - 1]} ${year})`, en: `monthly (${months.en[month - 1]} ${year})` };
    }
    case 'yearly':
      return { nl: `jaarlijks (${period})`, en: `yearly (${period})` };
  }
}

/** The rule that keeps a file, in words: "bewaarplicht boekjaar 2025 (tot en met 31 december 2032)". */
export function keepReasonText(reason: KeepReason, policy: RetentionPolicy): Localized {
  switch (reason.rule) {
    case 'no-policy':
      return { nl: 'geen bewaarbeleid: alles blijft', en: 'no retention policy: everything stays' };
    case 'newest':
      return { nl: 'nieuwste goede back-up van de administratie', en: 'newest good backup of the administration' };
    case 'last':
      return policy.keepLast === 1
        ? { nl: 'de laatste back-up', en: 'the last backup' }
        : {
            nl: `nr. ${reason.nth} van de laatste ${policy.keepLast}`,
            en: `no. ${reason.nth} of the last ${policy.keepLast}`,
          };
    case 'daily':
    case 'weekly':
    case 'monthly':
    case 'yearly':
      return periodText(reason.rule, reason.period);
    case 'fiscal-year': {
      const until = day(reason.until);
      return {
        nl: `bewaarplicht boekjaar ${reason.year} (tot en met ${until.nl})`,
        en: `bewaarplicht, fiscal year ${reason.year} (until ${until.en} inclusive)`,
      };
    }
    case 'no-fiscal-facts': {
      const until = day(reason.until);
      return {
        nl: `zonder gegevens over boekjaren (gemaakt door een oudere kluis): tot en met ${until.nl}`,
        en: `no fiscal-year facts (made by an older kluis): until ${until.en} inclusive`,
      };
    }
    case 'unreadable':
      return { nl: 'het manifest is niet te lezen', en: 'its manifest cannot be read' };
    case 'damaged':
      return { nl: 'het bestand is beschadigd', en: 'the file is damaged' };
  }
}
