import { z } from 'zod';
import { baseConfigSchema } from '@ehr/platform';
import { defaultEdThresholds, type EdThresholds } from './domain/timers.js';

const threshold = z
  .object({ yellowAtMinutes: z.number().min(0), redAtMinutes: z.number().min(0) })
  .refine((t) => t.yellowAtMinutes <= t.redAtMinutes, 'yellowAtMinutes must not be above redAtMinutes');

/** Any part of the board's thresholds; what is left out keeps its default. */
const thresholdOverrides = z
  .object({
    doorToRoom: threshold,
    doorToProvider: z.object({ 1: threshold, 2: threshold, 3: threshold, 4: threshold, 5: threshold }).partial(),
    boarding: threshold,
    lengthOfStay: threshold,
    lookUpHours: z.number().min(0),
  })
  .partial()
  .strict();

/** ED_THRESHOLDS as JSON over the defaults, e.g. {"boarding":{"yellowAtMinutes":90,"redAtMinutes":180}}. */
export function thresholdsFrom(json: string | undefined, ctx: z.RefinementCtx): EdThresholds {
  if (!json) return defaultEdThresholds;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
  const parsed = thresholdOverrides.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'} ${issue.message}` });
    return z.NEVER;
  }
  const o = parsed.data;
  return { ...defaultEdThresholds, ...o, doorToProvider: { ...defaultEdThresholds.doorToProvider, ...o.doorToProvider } };
}

export const edConfigSchema = baseConfigSchema.and(
  z.object({
    /** Board colours, ECAT limits and look-up hours; see thresholdsFrom. */
    ED_THRESHOLDS: z
      .string()
      .optional()
      .transform((v, ctx) => thresholdsFrom(v, ctx)),
    /** Which documented decision to admit ED-2 counts: CMS111 v7 (first) or v9 (closest to the admission). */
    ED_ADMISSION_DECISION_RULE: z.enum(['first-documented', 'closest-to-admission'], { error: 'must be first-documented or closest-to-admission' }).default('first-documented'),
  }),
);
export type EdConfig = z.infer<typeof edConfigSchema>;
