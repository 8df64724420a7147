import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';
import chromiumLaunch from './scripts/chromium.cjs';

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download its own
 * browser here) against the portal started with `yarn start` on a throw-away
 * SQLite database. Set PLAYWRIGHT_URL to test a portal that is already running.
 */
const chromium = {
  channel: undefined,
  launchOptions: {
    executablePath: chromiumLaunch.executablePath,
    args: chromiumLaunch.args,
  },
};

export default defineConfig({
  timeout: 90_000,

  expect: {
    timeout: 30_000,
  },

  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command:
            'yarn start --config ../../app-config.yaml --config ../../app-config.e2e.yaml',
          // The backend is ready last; the frontend dev server holds requests
          // until its bundle is built.
          url: 'http://localhost:7007/.backstage/health/v1/readiness',
          reuseExistingServer: !process.env.CI,
          timeout: 240_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],

  forbidOnly: !!process.env.CI,

  retries: process.env.CI ? 1 : 0,

  workers: 1,

  reporter: [
    ['list'],
    ['json', { outputFile: 'e2e-test-report/results.json' }],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
  ],

  use: {
    actionTimeout: 30_000,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  outputDir: 'e2e-test-report/artifacts',

  projects: generateProjects().map(project => ({
    ...project,
    use: { ...project.use, ...chromium },
  })),
});
