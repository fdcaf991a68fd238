import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { costLimit } from './cost-limit.js';

const schema = buildSchema(`
  type Query { patient(id: ID): Patient searchPatients(name: String, limit: Int): [Patient] bedBoard: [Bed] }
  type Patient { id: ID name: String encounters: [Encounter] }
  type Encounter { id: ID bed: Bed patient: Patient }
  type Bed { id: ID status: String occupant: Patient }
`);
const check = (query: string, maxCost: number, assumedListSize = 10) =>
  validate(schema, parse(query), [...specifiedRules, costLimit({ maxCost, assumedListSize })]).map((e) => ({ message: e.message, cost: e.extensions['cost'] }));

describe('query cost limit', () => {
  it('lets a bed board with its occupants through', () => {
    // 10 beds x (the bed + id + status + occupant{1 + id + name}) = 10 x 6 = 60
    expect(check('{ bedBoard { id status occupant { id name } } }', 60)).toEqual([]);
  });

  it('refuses lists inside lists, saying what it would cost', () => {
    // 10 patients x (1 + 10 encounters x (1 + bed{1+1})) = 10 x 31 = 310
    expect(check('{ searchPatients(name: "a") { encounters { bed { id } } } }', 300)).toEqual([
      { message: 'the query would cost about 310 points; the limit is 300. Ask for fewer fields, fewer aliases, or smaller pages (first/limit).', cost: 310 },
    ]);
  });

  it('counts every alias of the same field', () => {
    const one = '{ a: patient(id: "1") { id name } }';
    const many = `{ ${Array.from({ length: 40 }, (_, i) => `p${i}: patient(id: "${i}") { id name }`).join(' ')} }`;
    expect(check(one, 100)).toEqual([]);
    expect(check(many, 100)[0]?.cost).toBe(120);
  });

  it('takes the page size the query asks for instead of the assumption', () => {
    expect(check('{ searchPatients(name: "a", limit: 2) { id name } }', 6)).toEqual([]);
    expect(check('{ searchPatients(name: "a") { id name } }', 6)[0]?.cost).toBe(30);
  });

  it('follows fragments and inline fragments', () => {
    expect(check('{ bedBoard { ...B } } fragment B on Bed { id ... on Bed { occupant { id } } }', 1000)).toEqual([]);
    expect(check('{ bedBoard { ...B } } fragment B on Bed { id ... on Bed { occupant { id } } }', 30)[0]?.cost).toBe(40);
  });
});
