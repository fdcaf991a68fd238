import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { aliasLimit } from './alias-limit.js';
import { costLimit } from './cost-limit.js';
import { depthLimit } from './depth-limit.js';
import { fragmentBomb } from './fragment-bomb.js';

const schema = buildSchema(`
  type Query { bedBoard: [Bed] census(date: String): Census patient(id: ID): Patient }
  type Bed { id: ID occupant: Patient }
  type Census { total: Int }
  type Patient { id: ID name: String }
`);
const rules = [...specifiedRules, depthLimit(12), aliasLimit(30), costLimit({ maxCost: 10_000, assumedListSize: 20, maxPageSize: 100, weights: { 'Query.census': 100 } })];
const check = (query: string) => validate(schema, parse(query), rules).map((e) => e.message);

describe('query limits before execution', () => {
  it('refuses a fragment bomb of 22 doublings without expanding it, with its real size', () => {
    const bomb = fragmentBomb(22);
    expect(bomb.length).toBeLessThan(1200);
    const started = performance.now();
    const errors = check(bomb);
    const elapsed = performance.now() - started;
    expect(errors).toContain(`the query would cost about ${2 ** 22 * 20 * 2} points; the limit is 10000. Ask for fewer fields, fewer aliases, or smaller pages (first/limit).`);
    // Expanding the bomb took the gateway 11-21 s; measuring each fragment once takes tens of
    // milliseconds. The bound tells the two apart on a loaded machine; the figure itself is a
    // benchmark's to report, not a test's.
    expect(elapsed).toBeLessThan(1000);
  });

  it('charges an aggregate its weight once per alias', () => {
    expect(check('{ census(date: "2026-01-01") { total } }')).toEqual([]);
    const flood = `{ ${Array.from({ length: 100 }, (_, i) => `c${i}: census(date: "2026-01-01") { total }`).join(' ')} }`;
    expect(check(flood)).toEqual(expect.arrayContaining([expect.stringMatching(/^the query would cost about 10200 points/), 'the query uses 100 aliases; the limit is 30. Ask for each thing once.']));
  });

  it('counts the aliases inside fragments at every spread', () => {
    const aliased = `{ ...A ...A } fragment A on Query { ${Array.from({ length: 16 }, (_, i) => `p${i}: patient(id: "${i}") { id }`).join(' ')} }`;
    expect(check(aliased)).toContain('the query uses 32 aliases; the limit is 30. Ask for each thing once.');
  });

  it('measures depth through fragments', () => {
    const deep = `{ patient(id: "1") { ...P } } fragment P on Patient { id }`;
    expect(validate(schema, parse(deep), [depthLimit(1)]).map((e) => e.message)).toEqual(['the query is 2 fields deep; the limit is 1. Ask for less at once.']);
  });
});
