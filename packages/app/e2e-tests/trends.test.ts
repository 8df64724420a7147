import { expect, test } from '@playwright/test';

test('the incidents page shows what is burning and the trends, filtered to a team through the URL', async ({
  page,
}) => {
  // Waits for the catalog's ownership to reach the trends.
  test.slow();
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Incidents', exact: true }).click();
  await expect(page).toHaveURL(/\/incidents$/);

  // The demo data's open incidents, most severe first.
  const active = page.getByRole('region', { name: 'Active incidents' });
  await expect(
    active.getByRole('link', { name: /^INC-\d+$/ }).first(),
  ).toBeVisible();
  await expect(
    active.getByRole('link', { name: /^INC-\d+$/ }).first(),
  ).toHaveAttribute(
    'href',
    /\/catalog\/default\/\w+\/[\w-]+\/incidents\/INC-\d+$/,
  );

  const trends = page.getByRole('region', { name: 'Trends' });
  await expect(
    trends.getByText('Incidents per month', { exact: true }),
  ).toBeVisible();
  await expect(
    trends.getByRole('img', { name: /Incidents per month, last 12 months/ }),
  ).toBeVisible();
  // Teams come from the catalog's ownership, copied shortly after start-up.
  await expect(async () => {
    await page.reload();
    await expect(
      trends.getByRole('table', { name: 'Incidents by team' }),
    ).toContainText('Backend Team', { timeout: 10_000 });
  }).toPass({ timeout: 120_000 });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/incidents-page.png',
    fullPage: true,
  });

  await test.step('filter to the backend team, and share the view', async () => {
    await page.getByRole('textbox', { name: 'Team' }).click();
    await page.keyboard.type('Backend');
    await page.getByRole('option', { name: /Backend Team/ }).click();
    await expect(page).toHaveURL(/team=group%3Adefault%2Fbackend-team/);

    await page.getByLabel('Period').click();
    await page.getByRole('option', { name: 'Last 6 months' }).click();
    await expect(page).toHaveURL(/months=6/);
    await expect(
      trends.getByRole('img', { name: /Incidents per month, last 6 months/ }),
    ).toBeVisible();

    // The shared URL opens the same view.
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Team' })).toHaveValue(
      /Backend Team/,
    );
    await expect(
      trends.getByRole('img', { name: /Incidents per month, last 6 months/ }),
    ).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-page-backend-team.png',
      fullPage: true,
    });
  });
});
