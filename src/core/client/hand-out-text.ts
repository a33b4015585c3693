/**
 * A hand-out in words, the same in admin show, admin list and the wizards:
 * "uitgeleverd aan de accountant tot en met 30 juni 2026 (sinds 3 december
 * 2026 14:05, door anna)" on the client's side, "ontvangen van de klant tot
 * en met 30 juni 2026; wijzigingen worden bijgehouden" on the accountant's.
 */
import type { Lang, Localized } from '../../errors/index.js';
import type { HandOutInfo } from '../admin-db/hand-outs.js';
import { formatDateTime, formatDay } from '../formats.js';

function inBoth(text: (lang: Lang) => string): Localized {
  return { nl: text('nl'), en: text('en') };
}

/** The hand-out as one phrase (no capital, no full stop): what it is, up to which day, since when and by whom. */
export function handOutText(h: HandOutInfo): Localized {
  return inBoth((lang) => {
    const nl = lang === 'nl';
    const until = formatDay(h.until, lang);
    const made = `${formatDateTime(h.madeAt, lang)}, ${nl ? 'door' : 'by'} ${h.madeBy}`;
    const closed = h.closedAt
      ? `${formatDateTime(h.closedAt, lang)}${h.closedBy ? `, ${nl ? 'door' : 'by'} ${h.closedBy}` : ''}`
      : '';
    if (h.status === 'outstanding')
      return h.side === 'client'
        ? nl
          ? `uitgeleverd aan de accountant tot en met ${until} (sinds ${made}); boekingen tot en met die datum worden geweigerd`
          : `handed out to the accountant up to and including ${until} (since ${made}); entries up to that date are refused`
        : nl
          ? `ontvangen van de klant tot en met ${until}; wijzigingen worden bijgehouden, boekingen na die datum geweigerd`
          : `received from the client up to and including ${until}; changes are tracked, entries after that date refused`;
    switch (h.status) {
      case 'cancelled':
        return nl
          ? `uitlevering tot en met ${until} ingetrokken op ${closed}`
          : `hand-out up to and including ${until} withdrawn on ${closed}`;
      case 'applied':
        return nl
          ? `wijzigingen van de accountant tot en met ${until} verwerkt op ${closed} (pakket ${h.appliedPackage ?? '?'})`
          : `the accountant's changes up to and including ${until} applied on ${closed} (package ${h.appliedPackage ?? '?'})`;
      default:
        return nl
          ? `uitlevering tot en met ${until} in zijn geheel teruggeleverd op ${closed}`
          : `hand-out up to and including ${until} handed back whole on ${closed}`;
    }
  });
}

/** The short form for a column (admin list): "t/m 30 juni 2026" on the client's side, "ontvangen t/m …" on the accountant's. */
export function handOutFlag(h: HandOutInfo): Localized {
  return inBoth((lang) => {
    const until = formatDay(h.until, lang);
    if (h.side === 'client') return lang === 'nl' ? `uitgeleverd t/m ${until}` : `handed out, up to ${until}`;
    return lang === 'nl' ? `ontvangen t/m ${until}` : `received, up to ${until}`;
  });
}
