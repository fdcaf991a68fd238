export * from './envelope.js';
export * from './registry.js';
export * from './topics.js';
export * from './catalog.js';
