// Playwright configuration for Hevruta's end-to-end tests.
//
// `cargo xtask test` starts a fresh server on a random port and passes its URL in
// HEVRUTA_URL. The browser is Debian's chromium: browsers are never downloaded
// (`npx playwright install` cannot reach its download host from these machines).
import { defineConfig, devices } from '@playwright/test';

const baseURL = process.env.HEVRUTA_URL;
if (!baseURL) {
  throw new Error(
    'HEVRUTA_URL is not set. Run the e2e tests through `cargo xtask test` (it starts the ' +
      'server), or start a server yourself and set HEVRUTA_URL=http://127.0.0.1:PORT.',
  );
}

/** Debian's chromium, with flags that keep it quiet on a machine without internet access. */
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    // Each new context would install the service worker and precache every bundle; only
    // offline.spec.ts, which tests it, lets it run.
    serviceWorkers: 'block',
    trace: 'off',
    launchOptions,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
});
