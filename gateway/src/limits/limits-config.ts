import { z } from 'zod';

const count = (min: number) => z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`);

/** The gateway's limits on what one request may ask and how often one caller may ask. */
export const limitsConfigSchema = z.object({
  /** Aliases in one operation, fragments expanded. */
  MAX_QUERY_ALIASES: count(1).default(30),
  /** Tokens in one document: the parser stops at this many, before anything else runs. */
  MAX_QUERY_TOKENS: count(100).default(3000),
  /** Bytes of one request body. */
  MAX_REQUEST_BYTES: count(1024).default(100_000),
  /** Requests per minute from one caller (one bearer token, or one address without one). */
  RATE_LIMIT_PER_MINUTE: count(1).default(600),
});
export type LimitsConfig = z.output<typeof limitsConfigSchema>;

/**
 * Weights of the aggregates (a census reads every stay of a day; a board reads a unit), by schema coordinate: each reads a whole unit, queue or the
 * registry, so each alias of one costs as much as a page of patient reads.
 */
export const aggregateWeights: Readonly<Record<string, number>> = {
  'Query.census': 300,
  'Query.bedBoard': 50,
  'Query.edBoard': 50,
  'Query.edMeasures': 300,
  'Query.searchPatients': 50,
  'Query.workQueue': 50,
  'Query.workQueueCounts': 50,
  'Query.verificationQueue': 50,
  'Query.dueList': 50,
  'Query.marForShift': 20,
  'Query.manualEntryReport': 300,
  'Query.bedRequests': 20,
};
