import { z } from 'zod';

/**
 * Hours after which an event time is a late entry that needs a reason. A day covers the
 * documentation a shift catches up on (a code, a night admission entered in the morning);
 * anything older is what a hospital's late-entry policy asks a reason for.
 */
export const defaultBackdatingLimitHours = 24;

/** `ADT_BACKDATING_LIMIT_HOURS`: a positive number of hours, or `off` for loading history. */
export const backdatingLimitSetting = z
  .string()
  .default(String(defaultBackdatingLimitHours))
  .transform((value, ctx): number | null => {
    if (value.trim().toLowerCase() === 'off') return null;
    const hours = Number(value);
    if (!Number.isFinite(hours) || hours <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be a positive number of hours, or off (got "${value}")` });
      return z.NEVER;
    }
    return hours;
  });
