/**
 * An outstanding hand-out (issue 22) as the wizards say it, wherever an
 * administration is described: the welcome screen, the choice of an
 * administration, a summary. The words are the core's (handOutText,
 * handOutFlag), the same as `kluis admin show` and `admin list` print.
 */
import * as core from '../core/index.js';
import type { Localized } from '../errors/index.js';
import { sentence } from './results.js';

/** "30 juni 2026" / "30 June 2026": the dividing date as the hand-out's own messages say it. */
export function untilText(h: Pick<core.HandOutInfo, 'until'>): Localized {
  return core.dayInBoth(h.until);
}

/**
 * The outstanding hand-out as a sentence: "Uitgeleverd aan de accountant tot
 * en met 30 juni 2026 (sinds …, door anna); …." on the client's side,
 * "Ontvangen van de klant tot en met …; wijzigingen worden bijgehouden, …."
 * on the accountant's; undefined when none is outstanding.
 */
export function handOutSentence(h: core.HandOutInfo | undefined): Localized | undefined {
  if (h?.status !== 'outstanding') return undefined;
  const phrase = core.handOutText(h);
  const capital = (text: string) => sentence(text.charAt(0).toLocaleUpperCase() + text.slice(1));
  return { nl: capital(phrase.nl), en: capital(phrase.en) };
}

/** The short form beside an administration's name in a choice: "uitgeleverd t/m 30 juni 2026". */
export function handOutHint(h: core.HandOutInfo): Localized {
  return core.handOutFlag(h);
}

/**
 * The outstanding hand-outs of the administrations on the open server, by
 * number; empty when they cannot be read now (no reason not to show a step).
 */
export async function outstandingByNumber(ctx: core.KluisContext): Promise<Map<number, core.HandOutInfo>> {
  return core.outstandingHandOuts(ctx).catch(() => new Map<number, core.HandOutInfo>());
}
