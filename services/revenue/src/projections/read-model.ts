import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

/** Typed queries over the revenue read models (which the projections write in SQL). */
export function createReadModel(connectionString: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }, { schema: 'revenue' }) });
}

export type ReadModel = PrismaClient;
