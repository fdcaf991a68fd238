import { GraphQLError } from 'graphql';

/**
 * Page sizes of every connection: what a page holds when the caller does not say (`first`
 * absent), and the most one page may hold. The gateway costs a connection by the same figures.
 */
export const pageSizes = { default: 20, max: 100 } as const;

/** The position of an item in its list's order: the sort values, the item's id last. */
export type PageKey = readonly (string | number)[];

/** What a caller asks of a connection. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A checked request: how many items, and the key of the item the page starts after (none: the first page). */
export interface PageRequest {
  readonly take: number;
  readonly after: PageKey | null;
}

/** One page of a list, as every connection answers it. */
export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Counted only when read (a getter): a count is a query of its own, run only for a caller who selects it. */
  readonly totalCount: Promise<number>;
}

const badPage = (argument: 'first' | 'after', message: string) => new GraphQLError(`${argument} ${message}`, { extensions: { code: 'BAD_USER_INPUT', field: argument } });

/**
 * A cursor names the list it came from and the item's key in the list's order, not a position:
 * an item arriving at the head (a newer order) moves no item behind a cursor already handed out.
 */
const encodeCursor = (list: string, key: PageKey) => Buffer.from(JSON.stringify([list, ...key])).toString('base64url');

function decodeCursor(list: string, cursor: string, keyLength: number): PageKey {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const valid =
    Array.isArray(decoded) && decoded.length === keyLength + 1 && decoded[0] === list && decoded.slice(1).every((part) => typeof part === 'string' || typeof part === 'number');
  if (!valid) throw badPage('after', `is not a cursor of ${list}: pass the endCursor (or an edge’s cursor) this list returned`);
  return (decoded as Array<string | number>).slice(1);
}

/** Checks `first` and `after` against the list they page through (typed BAD_USER_INPUT naming the argument). */
export function pageRequest(list: string, args: PageArgs, keyLength: number): PageRequest {
  const take = args.first ?? pageSizes.default;
  if (!Number.isInteger(take) || take < 1 || take > pageSizes.max) throw badPage('first', `must be a whole number from 1 to ${pageSizes.max} (got ${take})`);
  return { take, after: args.after == null ? null : decodeCursor(list, args.after, keyLength) };
}

export interface PageSource<T> {
  /** The list's name as cursors carry it, e.g. `Patient.orders`: a cursor of another list is refused. */
  readonly list: string;
  /** How many values the key has (sort values and id). */
  readonly keyLength: number;
  /** The item's key in the list's order. */
  readonly keyOf: (item: T) => PageKey;
  /** Up to `take` items in the list's order, beginning after the item with key `after` (from the head when null). */
  readonly fetch: (request: PageRequest) => Promise<T[]>;
  readonly count: () => Promise<number>;
}

/** One page of a list: one more item than the page is fetched to tell whether another page follows. */
export async function paginate<T>(args: PageArgs, source: PageSource<T>): Promise<Page<T>> {
  const request = pageRequest(source.list, args, source.keyLength);
  const fetched = await source.fetch({ take: request.take + 1, after: request.after });
  const nodes = fetched.slice(0, request.take);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(source.list, source.keyOf(node)), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: fetched.length > request.take, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return source.count();
    },
  };
}

/** Orders two keys value by value; numbers as numbers, strings as strings. */
function compareKeys(a: PageKey, b: PageKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * One page of a list already in memory (a stream's history, a MAR read as of an instant), in the
 * order of its keys: ascending (oldest first), or descending (newest first).
 */
export function pageOfList<T>(
  args: PageArgs,
  list: Pick<PageSource<T>, 'list' | 'keyLength' | 'keyOf'> & { readonly direction: 'ascending' | 'descending' },
  items: readonly T[],
): Promise<Page<T>> {
  const sign = list.direction === 'ascending' ? 1 : -1;
  const ordered = [...items].sort((a, b) => sign * compareKeys(list.keyOf(a), list.keyOf(b)));
  return paginate(args, {
    ...list,
    fetch: async ({ take, after }) => (after ? ordered.filter((item) => sign * compareKeys(list.keyOf(item), after) > 0) : ordered).slice(0, take),
    count: async () => ordered.length,
  });
}

/**
 * The database condition for "after this cursor" in a newest-first order on (time, id), for a
 * Prisma `where`: older than the cursor's time, or as old with a smaller id.
 */
export function newestFirstAfter<T extends string, I extends string>(timeField: T, idField: I, after: PageKey | null) {
  if (!after) return {};
  const [time, id] = after;
  const at = new Date(typeof time === 'string' ? time : Number.NaN);
  if (Number.isNaN(at.getTime()) || typeof id !== 'string') throw badPage('after', 'is not a cursor of this list: pass the endCursor (or an edge’s cursor) this list returned');
  const older = { [timeField]: { lt: at } } as Record<T, { lt: Date }>;
  const sameTimeSmallerId = { [timeField]: at, [idField]: { lt: id } } as Record<T, Date> & Record<I, { lt: string }>;
  return { OR: [older, sameTimeSmallerId] };
}
