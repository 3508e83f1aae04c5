import type { Config } from 'jest';

// One config for the whole repository: unit tests live beside each package's sources,
// cross-process tests in test/e2e. Tests run against the built dist/ of each workspace
// (`npm test` builds first), because that is what `node -r @kit/register` loads.
// `npm test` runs jest under --experimental-vm-modules: the official OTLP HTTP exporters load
// `http` with a dynamic import(), which jest refuses without it, and some tests run them in-process.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/samples', '<rootDir>/test', '<rootDir>/deploy'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
