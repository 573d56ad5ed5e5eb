/**
 * The search box suggests thesaurus concepts while the scientist types, and a picked concept
 * searches its synonyms and narrower concepts too: "streamf" offers "river discharge" (its
 * synonym "streamflow" matched), and searching it finds the demo's gauges, which are tagged
 * "streamflow" and "stage", never "river discharge" (the catalog's API tests show the same
 * search with thesaurus=false matches none of them).
 */
import { fileURLToPath } from 'node:url';
import { TEST_SETTINGS } from './catalog-settings.js';
import { expect, test } from './galata-fixtures.js';
import { matchedOf } from './result-count.js';

test.use({ autoGoto: true, mockSettings: TEST_SETTINGS });

test('the search box suggests thesaurus concepts and a pick finds their synonyms', async ({
  page,
}) => {
  await page.sidebar.openTab('styx-catalog');
  const panel = page.locator('.styx-CatalogPanel');
  await expect(panel.locator('.styx-CollectionRow')).toHaveCount(5);

  await panel.locator('.styx-CollectionRow', { hasText: 'gauging stations' }).click();
  const words = panel.locator('.styx-SearchText');
  await words.pressSequentially('streamf', { delay: 30 });
  const suggestions = panel.locator('.styx-ConceptSuggestion');
  const discharge = suggestions.filter({ hasText: 'river discharge' });
  await expect(discharge).toBeVisible();
  await expect(discharge).toContainText('streamflow');
  await panel.screenshot({
    path:
      process.env.STYX_UPDATE_SCREENSHOTS === '1'
        ? fileURLToPath(new URL('../screenshots/thesaurus-suggestions.png', import.meta.url))
        : test.info().outputPath('thesaurus-suggestions.png'),
  });

  // Arrow keys reach it and Enter picks it, without searching yet.
  const position = await suggestions.evaluateAll((rows) =>
    rows.findIndex((row) => row.textContent?.includes('river discharge')),
  );
  for (let i = 0; i <= position; i++) await words.press('ArrowDown');
  await expect(words).toHaveAttribute('aria-activedescendant', /.+/);
  await words.press('Enter');
  await expect(words).toHaveValue('river discharge');
  await expect(suggestions).toHaveCount(0);
  await expect(panel.locator('.styx-ResultCount')).toHaveCount(0);

  await panel.locator('.styx-SearchButton').click();
  const count = panel.locator('.styx-ResultCount');
  await expect(count).toContainText(/matched/);
  expect(matchedOf((await count.textContent()) ?? '')).toBeGreaterThan(0);
  await expect(panel.locator('.styx-ResultRow-id').first()).toContainText('gauge-');

  // Escape closes the suggestions and leaves the words as typed.
  await words.fill('');
  await words.pressSequentially('water lev', { delay: 30 });
  await expect(suggestions.first()).toBeVisible();
  await words.press('Escape');
  await expect(suggestions).toHaveCount(0);
  await expect(words).toHaveValue('water lev');
});
