import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { costLimit } from './cost-limit.js';

const schema = buildSchema(`
  type Query { patient(id: ID): Patient searchPatients(name: String, limit: Int): [Patient] bedBoard: [Bed] }
  type Patient { id: ID name: String encounters: [Encounter] orders(first: Int = 20, after: String): OrderConnection }
  type OrderConnection { edges: [OrderEdge] nodes: [Order] pageInfo: PageInfo totalCount: Int }
  type OrderEdge { cursor: String node: Order }
  type Order { id: ID summary: String }
  type PageInfo { hasNextPage: Boolean endCursor: String }
  type Encounter { id: ID bed: Bed patient: Patient }
  type Bed { id: ID status: String occupant: Patient }
`);
const check = (query: string, maxCost: number, assumedListSize = 10) =>
  validate(schema, parse(query), [...specifiedRules, costLimit({ maxCost, assumedListSize, maxPageSize: 100 })]).map((e) => ({ message: e.message, cost: e.extensions['cost'] }));

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

  it('weighs a connection by its first: what sits under edges or nodes costs once per item of the page', () => {
    // patient 1 + orders (1 + 5 nodes x (1 + 2) + pageInfo (1 + 2)) = 1 + 1 + 15 + 3 + the patient's id 1 = 21
    expect(check('{ patient(id: "1") { id orders(first: 5) { nodes { id summary } pageInfo { hasNextPage endCursor } } } }', 1000)[0]).toBeUndefined();
    expect(check('{ patient(id: "1") { id orders(first: 5) { nodes { id summary } pageInfo { hasNextPage endCursor } } } }', 20)[0]?.cost).toBe(21);
    // edges: 5 x (edge 1 + cursor 1 + node (1 + id 1)) = 20, + orders 1 + patient 1
    expect(check('{ patient(id: "1") { orders(first: 5) { edges { cursor node { id } } } } }', 10)[0]?.cost).toBe(22);
  });

  it('takes the schema’s default page when first is absent, not the plain-list assumption', () => {
    // 1 + 1 + 20 x 2 = 42 (the plain-list assumption, 10, would make it 22)
    expect(check('{ patient(id: "1") { orders { nodes { id } } } }', 10)[0]?.cost).toBe(42);
  });

  it('costs a page whose size is a variable at the largest page, since the variable is not known yet', () => {
    expect(check('query($n: Int) { patient(id: "1") { orders(first: $n) { nodes { id } } } }', 10)[0]?.cost).toBe(202);
  });

  it('refuses a page above the largest before anything runs, naming first', () => {
    const errors = validate(schema, parse('{ patient(id: "1") { orders(first: 5000) { nodes { id } } } }'), [...specifiedRules, costLimit({ maxCost: 1_000_000, assumedListSize: 10, maxPageSize: 100 })]);
    expect(errors.map((e) => ({ message: e.message, field: e.extensions['field'] }))).toEqual([
      { message: 'first asks for 5000 items; a page holds at most 100. Ask for the next page with after: pageInfo.endCursor.', field: 'first' },
    ]);
  });

  it('costs connections inside lists by both: a page of orders for every patient of a search', () => {
    // 10 patients x (1 + orders (1 + 3 x 2)) = 80
    expect(check('{ searchPatients(name: "a") { orders(first: 3) { nodes { id } } } }', 79)[0]?.cost).toBe(80);
  });
});
