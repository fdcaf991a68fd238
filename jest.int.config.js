// Integration tests: real PostgreSQL and Kafka, provisioned once per run by the built
// platform package (turbo builds it before any test:int task).
import base from './jest.config.js';

const here = import.meta.dirname;
export default {
  ...base,
  globalSetup: `${here}/scripts/jest/global-setup.js`,
  globalTeardown: `${here}/scripts/jest/global-teardown.js`,
  testMatch: ['<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 180_000,
};
