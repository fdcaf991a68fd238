export * from './given-when-then.js';
export * from './test-infrastructure.js';
export * from './service-process.js';
export * from './service-stack.js';
