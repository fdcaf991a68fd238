export * from './tokens.js';
export * from './health.js';
export * from './health.controller.js';
export * from './service.module.js';
export * from './bootstrap.js';
export * from './roles.guard.js';
export * from './messaging.js';
export * from './graphql.js';
