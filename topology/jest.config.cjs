/**
 * The topology suite (topology.test.ts): one file, its scenarios in order,
 * against processes it starts itself. Not part of `backstage-cli repo test`,
 * which only covers the workspaces; scripts/test.sh runs it on its own.
 */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.ts'],
  testEnvironment: 'node',
  transform: {
    '\\.ts$': [
      require.resolve('@backstage/cli/config/jestSwcTransform'),
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } },
    ],
  },
  // Scenario tests carry their own timeouts; this bounds anything else.
  testTimeout: 120_000,
};
