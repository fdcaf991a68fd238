import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { depthLimit } from './depth-limit.js';

const schema = buildSchema(`type Query { patient: Patient } type Patient { id: ID encounters: [Encounter] } type Encounter { id: ID patient: Patient }`);
const check = (query: string, max: number) => validate(schema, parse(query), [...specifiedRules, depthLimit(max)]).map((e) => e.message);

describe('query depth limit', () => {
  it('lets a query within the limit through', () => {
    expect(check('{ patient { id encounters { id } } }', 3)).toEqual([]);
  });

  it('refuses a deeper one, fragments included, saying how deep it was', () => {
    expect(check('{ patient { encounters { patient { encounters { id } } } } }', 3)).toEqual(['the query is 5 fields deep; the limit is 3. Ask for less at once.']);
    expect(check('{ patient { ...P } } fragment P on Patient { encounters { patient { id } } }', 3)).toEqual(['the query is 4 fields deep; the limit is 3. Ask for less at once.']);
  });
});
