import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A member of the open map widget, found through the JupyterLab application the test server
 * exposes (`expose_app_in_browser`): a property's value, or a method's (awaited) result.
 */
export async function mapCall<T>(page: Page, member: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    async ([name, callArgs]) => {
      type Shell = { widgets(area: string): Iterable<{ id: string; content?: unknown }> };
      const app = (window as unknown as { jupyterapp: { shell: Shell } }).jupyterapp;
      const map = [...app.shell.widgets('main')].find((w) => w.id === 'styx-map')?.content as
        | Record<string, unknown>
        | undefined;
      if (!map) throw new Error('no Styx map is open');
      const value = map[name];
      return typeof value === 'function' ? await value.apply(map, callArgs) : value;
    },
    [member, args] as const,
  ) as Promise<T>;
}

/**
 * Opens the map from the catalog panel's Map button and waits for its canvas; the launcher makes
 * way for it (JupyterLab keeps the launcher while the main area is otherwise empty).
 */
export async function openMapFromPanel(page: Page, panel: Locator): Promise<Locator> {
  await panel.locator('.styx-OpenMap').click();
  const map = page.locator('.styx-MapView');
  await expect(map.locator('canvas')).toBeVisible();
  const launcherTab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: 'Launcher' });
  if ((await launcherTab.count()) > 0) {
    await launcherTab.locator('.lm-TabBar-tabCloseIcon').click();
  }
  return map;
}
