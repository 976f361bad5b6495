// Two projects: unit specs beside the code, end-to-end suites in test/ that start the real apps.
const moduleNameMapper = {
  '^@app/(config|contracts|database|queue|messaging|security|health|observability|platform|testing)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
module.exports = {
  // A global option: jest ignores testTimeout inside a project. E2E suites start processes, so it is generous.
  testTimeout: 120000,
  projects: [
    { displayName: 'unit', testEnvironment: 'node', roots: ['<rootDir>/apps', '<rootDir>/libs'], testMatch: ['**/*.spec.ts'], transform, moduleNameMapper },
    {
      displayName: 'e2e', testEnvironment: 'node', roots: ['<rootDir>/test'], testMatch: ['**/*.e2e-spec.ts'], transform, moduleNameMapper,
      globalSetup: '<rootDir>/test/global-setup.ts', globalTeardown: '<rootDir>/test/global-teardown.ts', slowTestThreshold: 60,
    },
  ],
};
