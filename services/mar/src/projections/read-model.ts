import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** Typed queries over the eMAR read models (which the projections write in SQL). */
export function createReadModel(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }, { schema: 'mar' }) });
}

export type ReadModel = PrismaClient;
