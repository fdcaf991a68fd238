import { calendarDate } from './adt-codes.js';

describe('calendar dates', () => {
  it('accepts real days, leap days included', () => {
    expect(calendarDate.safeParse('2024-02-29').success).toBe(true);
    expect(calendarDate.safeParse('1815-12-10').success).toBe(true);
  });

  it('refuses days that do not exist', () => {
    expect(calendarDate.safeParse('1791-02-30').success).toBe(false);
    expect(calendarDate.safeParse('2026-02-29').success).toBe(false);
    expect(calendarDate.safeParse('2026-13-01').success).toBe(false);
  });
});
