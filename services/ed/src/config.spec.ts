import { edConfigSchema } from './config.js';
import { defaultEdThresholds } from './domain/timers.js';

const base = { SERVICE_NAME: 'ed', PORT: '4004', DATABASE_URL: 'postgresql://u@127.0.0.1:5432/ehr' };

describe('the ED configuration', () => {
  it('uses the default thresholds and the first documented decision to admit when nothing is set', () => {
    const config = edConfigSchema.parse(base);
    expect(config.ED_THRESHOLDS).toEqual(defaultEdThresholds);
    expect(config.ED_ADMISSION_DECISION_RULE).toBe('first-documented');
  });

  it('overrides only the thresholds given, keeping the other ESI levels', () => {
    const config = edConfigSchema.parse({ ...base, ED_THRESHOLDS: '{"boarding":{"yellowAtMinutes":90,"redAtMinutes":180},"doorToProvider":{"2":{"yellowAtMinutes":5,"redAtMinutes":10}}}' });
    expect(config.ED_THRESHOLDS.boarding).toEqual({ yellowAtMinutes: 90, redAtMinutes: 180 });
    expect(config.ED_THRESHOLDS.doorToProvider[2]).toEqual({ yellowAtMinutes: 5, redAtMinutes: 10 });
    expect(config.ED_THRESHOLDS.doorToProvider[3]).toEqual(defaultEdThresholds.doorToProvider[3]);
    expect(config.ED_THRESHOLDS.lengthOfStay).toEqual(defaultEdThresholds.lengthOfStay);
  });

  it('names the bad part of the thresholds', () => {
    const bad = (json: string) => edConfigSchema.safeParse({ ...base, ED_THRESHOLDS: json }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad('not json')).toEqual(['ED_THRESHOLDS: must be JSON']);
    expect(bad('{"boarding":{"yellowAtMinutes":300,"redAtMinutes":240}}')).toEqual(['ED_THRESHOLDS: boarding yellowAtMinutes must not be above redAtMinutes']);
    expect(bad('{"boardng":{}}')).toEqual([expect.stringMatching(/^ED_THRESHOLDS: \(root\) Unrecognized key/)]);
    expect(edConfigSchema.safeParse({ ...base, ED_ADMISSION_DECISION_RULE: 'latest' }).error?.issues[0]?.message).toBe('must be first-documented or closest-to-admission');
  });
});
