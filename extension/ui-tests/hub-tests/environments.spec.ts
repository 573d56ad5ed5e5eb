/**
 * The environments admin panel on the real Hub: a plain user is never offered it (and the
 * service refuses her); the Hub admin opens it from the command palette, sees the users and
 * their servers, writes a profile (the service's 400 shown beside the field), changes it (a
 * new version appears, with who changed what) and downloads the month's usage CSV. The profile
 * is deleted at the end: the specs after this one must meet no spawn form.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';

const SCREENSHOTS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  process.env.STYX_UPDATE_SCREENSHOTS === '1' ? 'screenshots' : 'test-results',
);
const PASSWORD = process.env.STYX_UI_HUB_PASSWORD ?? 'ui-test-password';
const LABEL = 'Open Styx Environments (admin)';

/** Logs in through the Hub's form; answers the token the JupyterLab sends to the services. */
async function logIn(page: Page, user: string): Promise<string> {
  const me = page.waitForRequest((r) => r.url().endsWith('/services/environments/api/me'), {
    timeout: 240_000,
  });
  const answered = page.waitForResponse((r) => r.url().endsWith('/services/environments/api/me'), {
    timeout: 240_000,
  });
  await page.goto('/hub/login');
  await page.locator('#username_input').fill(user);
  await page.locator('#password_input').fill(PASSWORD);
  await page.locator('#login_submit').click();
  await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 150_000 });
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0, { timeout: 120_000 });
  await answered;
  return ((await me).headers().authorization ?? '').replace(/^token /, '');
}

async function palette(page: Page, words: string) {
  // From the View menu, as a person finds it (a shortcut needs the focus inside the lab).
  await page.locator('.lm-MenuBar-item', { hasText: 'View' }).click();
  await page.locator('.lm-Menu-item', { hasText: 'Activate Command Palette' }).click();
  const input = page.locator('.lm-CommandPalette-input');
  await expect(input).toBeVisible();
  await input.fill(words);
  return page.locator('.lm-CommandPalette-item', { hasText: LABEL });
}

test('a plain user is not offered the environments panel, and the service refuses her', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  const token = await logIn(page, 'pia');
  expect(token).not.toBe('');
  // /api/me has answered "user": the plugin has decided, and registered nothing.
  // The palette lists the Styx commands she has (System Health), and not this one.
  const items = await palette(page, 'System Health');
  await expect(page.locator('.lm-CommandPalette-item', { hasText: 'System Health' })).toHaveCount(
    1,
  );
  await page.locator('.lm-CommandPalette-input').fill('Environments');
  await expect(items).toHaveCount(0);
  await page.keyboard.press('Escape');
  const users = await page.request.get(`${baseURL}/services/environments/api/users`, {
    headers: { authorization: `token ${token}` },
  });
  expect(users.status()).toBe(403);
});

test('the Hub admin sees the users, edits a profile into a new version and downloads the usage CSV', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
  const token = await logIn(page, 'admin');
  const api = `${baseURL}/services/environments/api/`;
  const auth = { authorization: `token ${token}` };
  try {
    const item = await palette(page, 'Styx Environments');
    await expect(item).toHaveCount(1);
    await item.click();
    const panel = page.locator('.styx-EnvironmentsPanel');
    await expect(panel.locator('.styx-EnvRole')).toContainText('Hub admin');

    // The users table: pia (previous test) and the admin, each with their server's state.
    const pia = panel.locator('.styx-EnvUserRow[data-user="pia"]');
    const admin = panel.locator('.styx-EnvUserRow[data-user="admin"]');
    await expect(pia).toBeVisible();
    await expect(admin.locator('.styx-EnvState')).toHaveAttribute('data-state', 'running');
    await expect(admin.locator('.styx-EnvActivity')).not.toHaveText('never');
    await expect(admin.locator('.styx-EnvUsageLabel')).toContainText('CPU-h in 30 days');

    // A new profile: a CPU count that is not a number gets the service's own message.
    await panel.locator('.styx-EnvProfileNew').click();
    const editor = panel.locator('.styx-EnvProfileEditor');
    await editor.locator('[name="slug"]').fill('ui-small');
    await editor.locator('[name="displayName"]').fill('UI small');
    await editor.locator('[name="image"]').fill('localhost/styx/notebook:latest');
    await editor.locator('[name="cpu"]').fill('two');
    await editor.locator('[name="allowedGroups"]').fill('ui-testers');
    await editor.locator('.styx-EnvProfileSave').click();
    await expect(editor.locator('.styx-EnvFieldMessage')).toContainText('must be number');
    await expect(panel.locator('.styx-EnvError')).toContainText('body/cpu must be number');

    await editor.locator('[name="cpu"]').fill('1');
    await editor.locator('.styx-EnvProfileSave').click();
    const history = panel.locator('.styx-EnvHistory');
    await expect(history.locator('.styx-EnvVersion')).toHaveCount(1);
    await expect(panel.locator('.styx-EnvProfileItem[data-slug="ui-small"]')).toContainText('v1');

    // Changed: a new version, with who changed what.
    await editor.locator('[name="cpu"]').fill('2');
    await editor.locator('[name="memory"]').fill('4G');
    await editor.locator('.styx-EnvProfileSave').click();
    await expect(history.locator('.styx-EnvVersion')).toHaveCount(2);
    const newest = history.locator('.styx-EnvVersion[data-version="2"]');
    await expect(newest).toContainText('admin');
    await expect(newest).toContainText('cpu: 1 → 2');
    await expect(newest).toContainText('memory: "2G" → "4G"');
    await expect(panel.locator('.styx-EnvProfileItem[data-slug="ui-small"]')).toContainText('v2');
    const stored = await page.request.get(`${api}profiles/ui-small`, { headers: auth });
    expect(await stored.json()).toMatchObject({ cpu: 2, memory: '4G', version: 2 });

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'environments-panel.png') });

    // This month's usage: the browser saves the CSV, with a row for each user who ran a server.
    const month = new Date().toISOString().slice(0, 7);
    await expect(panel.locator('.styx-EnvMonth')).toHaveValue(month);
    const downloading = page.waitForEvent('download');
    await panel.locator('.styx-EnvDownloadCsv').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`styx-usage-${month}.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('month,user,profile,sessions,hours,cpu_hours,memory_gib_hours,gpu_hours');
    expect(lines.some((l) => l.startsWith(`${month},admin,`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${month},pia,`))).toBe(true);
  } finally {
    // The specs after this one log in without a spawn form: no profile may remain.
    await page.request.delete(`${api}profiles/ui-small`, { headers: auth });
  }
});
