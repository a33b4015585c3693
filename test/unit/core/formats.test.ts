/**
 * Figures for people (src/core/formats.ts), in both languages: the command
 * line and both wizards show counts, sizes, durations and dates through it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as core from '../../../src/core/index.js';

describe('figures for people', () => {
  test('counts group thousands the way each language does', () => {
    assert.equal(core.formatCount(19965, 'nl'), '19.965');
    assert.equal(core.formatCount(19965, 'en'), '19,965');
    assert.equal(core.formatCount(4_000_000, 'nl'), '4.000.000');
    assert.equal(core.formatCount(7, 'en'), '7');
  });

  test('sizes have binary units and the language’s decimal sign', () => {
    assert.equal(core.formatBytes(3 * 1024 * 1024, 'nl'), '3,0 MiB');
    assert.equal(core.formatBytes(3 * 1024 * 1024, 'en'), '3.0 MiB');
    assert.equal(core.formatBytes(512, 'nl'), '512 B');
    assert.equal(core.formatBytes(1536, 'en'), '1.5 KiB');
    assert.equal(core.formatBytes(1.25 * 1024 ** 4, 'nl'), '1,3 TiB');
    assert.equal(core.formatBytes(1000.5 * 1024, 'en'), '1,000.5 KiB');
  });

  test('numbers are written exactly as Intl writes them for nl-NL and en-GB, without loading Intl', () => {
    // formats.ts writes them itself (the first Intl formatter costs a command 30–160 ms); here Intl is the reference.
    const samples = [0, -0, 1, -1, 7, 12, 999, 1000, -1000, 1234, 19965, 99999.95, 4_000_000, 123456789012, 0.05, 0.15];
    samples.push(0.25, 1.005, 2.5, -2.5, 1.25, 1.35, 59.949, 59.95, -1250.5, 1e14 + 0.5, 999_999_999_999.995);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 2000; i++) samples.push((random() - 0.3) * 10 ** Math.floor(random() * 13));
    for (const n of samples)
      for (const lang of ['nl', 'en'] as const) {
        const intl = (decimals: number, value = n) =>
          new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
            minimumFractionDigits: decimals,
            maximumFractionDigits: decimals,
          }).format(value);
        if (Number.isInteger(n)) assert.equal(core.formatCount(n, lang), intl(0), `${n} ${lang}`);
        // An amount arrives as text (String(-0) is "0").
        assert.equal(core.formatAmount(String(n), lang), intl(2, Number(String(n))), `${n} ${lang}`);
        if (n >= 0 && n < 59.95) assert.equal(core.formatSeconds(n, lang), `${intl(1)} s`, `${n} ${lang}`);
      }
  });

  test('durations: one decimal under a minute, then minutes and seconds, then hours', () => {
    assert.equal(core.formatSeconds(1.25, 'nl'), '1,3 s');
    assert.equal(core.formatSeconds(1.25, 'en'), '1.3 s');
    assert.equal(core.formatSeconds(0.04, 'nl'), '0,0 s');
    assert.equal(core.formatSeconds(125, 'nl'), '2 min 5 s');
    assert.equal(core.formatSeconds(120, 'en'), '2 min');
    assert.equal(core.formatSeconds(59.97, 'en'), '1 min');
    assert.equal(core.formatSeconds(3720, 'nl'), '1 u 2 min');
    assert.equal(core.formatSeconds(3600, 'en'), '1 h');
  });

  test('time left says so in each language, never "0 s"', () => {
    assert.equal(core.formatTimeLeft(12.4, 'nl'), 'nog 12 s');
    assert.equal(core.formatTimeLeft(12.4, 'en'), '12 s left');
    assert.equal(core.formatTimeLeft(0.2, 'nl'), 'nog 1 s');
    assert.equal(core.formatTimeLeft(185, 'en'), '3 min 5 s left');
  });

  test('names in a sentence, joined the way each language joins them', () => {
    assert.equal(core.formatList(['anna', 'bram', 'carla'], 'nl'), 'anna, bram en carla');
    assert.equal(core.formatList(['anna', 'bram', 'carla'], 'en'), 'anna, bram and carla');
    assert.equal(core.formatList(['anna', 'bram'], 'nl', 'or'), 'anna of bram');
    assert.equal(core.formatList(['anna'], 'en', 'or'), 'anna');
  });

  test('dates: day, month in words, year and time, in this machine’s time zone', () => {
    const moment = new Date(2026, 11, 3, 14, 5);
    assert.equal(core.formatDateTime(moment, 'nl'), '3 december 2026 14:05');
    assert.equal(core.formatDateTime(moment, 'en'), '3 December 2026 14:05');
    assert.equal(core.formatDateTime(moment.toISOString(), 'nl'), '3 december 2026 14:05');
    assert.equal(core.formatDate(moment, 'nl'), '3 december 2026');
    assert.equal(core.formatDate(moment, 'en'), '3 December 2026');
    // What is not a date is shown as it is rather than as "Invalid Date".
    assert.equal(core.formatDateTime('onbekend', 'en'), 'onbekend');
  });

  test('a calendar day has no time of day (the dividing date and entry dates of a review showed "00:00")', () => {
    assert.equal(core.formatDateTime('2026-06-30', 'nl'), '30 juni 2026');
    assert.equal(core.formatDateTime('2026-06-30', 'en'), '30 June 2026');
  });

  test("a change package's counts and a review's words, singular and plural, Dutch without English", () => {
    const none = { added: 0, changed: 0, removed: 0 };
    const counts = {
      entries: { added: 1, changed: 2, removed: 0 },
      accounts: none,
      relations: { added: 0, changed: 1, removed: 0 },
      vatCodes: { added: 1, changed: 1, removed: 0 },
      fiscalYears: none,
    };
    assert.equal(
      core.changeCountsText(counts).nl,
      'boekingen: 1 toegevoegd, 2 gewijzigd, 0 verwijderd; 0 rekeningen; 1 relatie; 2 btw-codes; 0 boekjaren',
    );
    assert.equal(
      core.changeCountsText(counts).en,
      'entries: 1 added, 2 changed, 0 removed; 0 accounts; 1 relation; 2 VAT codes; 0 fiscal years',
    );
    assert.equal(core.changeFieldLabel('city').nl, 'plaats');
    assert.equal(core.changeObjectLabels.entry.nl, 'boeking');
    assert.equal(core.changeFieldLabel('unknown_column').en, 'unknown_column');
  });
});
