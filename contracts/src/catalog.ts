import type { EventDefinition } from './registry.js';

/**
 * Every published event type, by service. Each service adds its definitions here as it is
 * built, so the JSON Schema export and every reader see the same language.
 */
export const eventCatalog: Record<string, readonly EventDefinition[]> = {};
