import type { Type } from '@nestjs/common';
import { ArgsType, Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { type Page, pageSizes } from '../paging/page.js';

/** `first` and `after`, the arguments of every connection. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: pageSizes.default,
    description: `How many items the page holds, 1 to ${pageSizes.max} (${pageSizes.default} when absent). The gateway costs the page by this number.`,
  })
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: 'The items after this cursor: the endCursor of the page before (or any edge’s cursor). Absent: the first page. A cursor names an item, not a position, so items added meanwhile neither repeat nor skip one.',
  })
  after?: string;
}

@ObjectType({ description: 'Where a page stands in its list: whether another page follows, and the cursor to ask for it with.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'True when items follow this page: ask again with after: endCursor.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the page’s last item, to pass as after; null when the page is empty.' }) endCursor!: string | null;
}

/**
 * The connection type of a list (Relay style): `EdVisitConnection` with `edges { cursor node }`,
 * `nodes`, `pageInfo` and `totalCount`, for the list's item type. `what` says, in the plural,
 * what the list holds, for the descriptions integrators read.
 */
export function connectionOf<T>(node: Type<T>, what: string): Type<Page<T>> {
  @ObjectType(`${node.name}Edge`, { description: `One of the ${what} and its cursor.` })
  class Edge {
    @Field({ description: 'Where this item stands in the list: pass it as after for the items behind it.' }) cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${node.name}Connection`, { description: `A page of ${what}: first items after a cursor, in the list's order.` })
  class Connection {
    @Field(() => [Edge], { description: 'The page’s items, each with its cursor.' }) edges!: Edge[];
    @Field(() => [node], { description: 'The page’s items, for a caller that needs no cursor but the last (pageInfo.endCursor).' }) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: `How many ${what} the whole list holds, over every page.` }) totalCount!: Promise<number>;
  }
  return Connection;
}
