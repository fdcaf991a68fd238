import { GraphQLError } from 'graphql';
import { newestFirstAfter, type Page, type PageArgs, pageOfList, pageSizes } from './page.js';

interface Item {
  id: string;
  at: string;
}
const newest = { list: 'Patient.orders', keyLength: 2, keyOf: (i: Item) => [i.at, i.id], direction: 'descending' } as const;
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ id: `o${String(i).padStart(3, '0')}`, at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
const ids = (page: { nodes: Item[] }) => page.nodes.map((n) => n.id);

const refusal = async (args: PageArgs) => {
  try {
    await pageOfList(args, newest, items(3));
  } catch (error) {
    if (error instanceof GraphQLError) return { message: error.message, extensions: error.extensions };
    throw error;
  }
  throw new Error('not refused');
};

describe('a page of a list', () => {
  it('holds the default number of items, newest first, and says another page follows', async () => {
    const page = await pageOfList({}, newest, items(25));
    expect(page.nodes).toHaveLength(pageSizes.default);
    expect(page.nodes[0]?.id).toBe('o024');
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
    expect(await page.totalCount).toBe(25);
  });

  it('reads a list page by page with no item missing or repeated, the last page saying none follows', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Page<Item> = await pageOfList({ first: 4, after }, newest, items(10));
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(items(10).map((i) => i.id).reverse());
  });

  it('keeps a cursor right when newer items arrive at the head of the list', async () => {
    const first = await pageOfList({ first: 3 }, newest, items(6));
    const later = await pageOfList({ first: 3, after: first.pageInfo.endCursor }, newest, [...items(6), { id: 'o900', at: '2026-02-01T00:00:00.000Z' }]);
    expect(ids(later)).toEqual(['o002', 'o001', 'o000']);
    expect(later.pageInfo.hasNextPage).toBe(false);
  });

  it('answers an empty page after the last item, with no cursor', async () => {
    const all = await pageOfList({ first: 3 }, newest, items(3));
    const after = await pageOfList({ after: all.pageInfo.endCursor }, newest, items(3));
    expect(after.nodes).toEqual([]);
    expect(after.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('refuses a first of 0, above the maximum or not whole, naming first', async () => {
    for (const first of [0, pageSizes.max + 1, 2.5, -1]) {
      expect(await refusal({ first })).toEqual({
        message: `first must be a whole number from 1 to ${pageSizes.max} (got ${first})`,
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
    }
  });

  it('refuses a cursor that is not one of this list, naming after', async () => {
    const ofAnotherList = (await pageOfList({ first: 1 }, { ...newest, list: 'Patient.edVisits' }, items(2))).pageInfo.endCursor;
    for (const after of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), ofAnotherList]) {
      expect(await refusal({ after })).toEqual({
        message: 'after is not a cursor of Patient.orders: pass the endCursor (or an edge’s cursor) this list returned',
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
    }
  });

  it('tells the database to read after a cursor: older, or as old with a smaller id; a forged time is refused', () => {
    expect(newestFirstAfter('placedAt', 'orderId', null)).toEqual({});
    expect(newestFirstAfter('placedAt', 'orderId', ['2026-01-01T00:00:00.000Z', 'o1'])).toEqual({
      OR: [{ placedAt: { lt: new Date('2026-01-01T00:00:00.000Z') } }, { placedAt: new Date('2026-01-01T00:00:00.000Z'), orderId: { lt: 'o1' } }],
    });
    expect(() => newestFirstAfter('placedAt', 'orderId', ['yesterday', 'o1'])).toThrow(/^after is not a cursor of this list/);
  });
});
