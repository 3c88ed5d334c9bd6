import { describe, expect, it } from 'vitest';
import { partialDateWords, periodSpanWords } from '@casebook/schema';

describe('dates in words', () => {
  it('says a date to the precision the sources give it', () => {
    expect(partialDateWords('2013')).toBe('2013');
    expect(partialDateWords('2013-04')).toBe('April 2013');
    expect(partialDateWords('2013-04-01')).toBe('1 April 2013');
  });

  it('says a period’s span in one style, whichever ends are known', () => {
    expect(periodSpanWords({ validFrom: { text: '2023-01-01' }, validTo: { text: '2025-12-31' } })).toBe(
      'from 1 January 2023 to 31 December 2025',
    );
    expect(periodSpanWords({ validFrom: null, validTo: { text: '2022-12-31' } })).toBe('until 31 December 2022');
    expect(periodSpanWords({ validFrom: '2026-01-01', validTo: null, current: true })).toBe(
      'from 1 January 2026, current',
    );
    expect(periodSpanWords({})).toBe('dates not known');
  });
});
