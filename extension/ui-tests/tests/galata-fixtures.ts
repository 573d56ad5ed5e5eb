import { test as galataTest } from '@jupyterlab/galata';

export { expect, type IJupyterLabPageFixture } from '@jupyterlab/galata';

/**
 * Galata's test, with the page's routes removed quietly when a test ends. Galata proxies the
 * kernels and sessions APIs through routes that read each response's body; JupyterLab polls
 * those APIs every few seconds, so a poll in flight when the browser context closes fails with
 * "apiResponse.json: Response has been disposed" and fails a test whose steps all passed (seen
 * in CI on cog-tiles.spec). Unrouting first, ignoring what the handlers still running throw,
 * lets the context close cleanly; galata's own teardown (shutting the tracked kernels down)
 * works from its maps, not from the routes.
 */
export const test = galataTest.extend<{ unrouteAtEnd: undefined }>({
  unrouteAtEnd: [
    async ({ page }, use) => {
      await use(undefined);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    },
    { auto: true },
  ],
});
