import { test, expect } from '@playwright/test';

test('a guest signs in, finds the ticketing system in the catalog and opens an entity page', async ({
  page,
}, testInfo) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The catalog lists the components of the example ticketing system (all of
  // them, not only those the guest's team owns).
  await page.goto('/?filters[kind]=component&filters[user]=all');
  await expect(
    page.getByRole('link', { name: 'Bomizzel Backend API' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Bomizzel Web App' }),
  ).toBeVisible();

  // Its systems, resources and APIs are there too.
  await page.goto('/?filters[kind]=resource&filters[user]=all');
  await expect(
    page.getByRole('link', { name: 'Bomizzel PostgreSQL' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Bomizzel Redis' }),
  ).toBeVisible();

  await page.goto('/?filters[kind]=component&filters[user]=all');
  await page.getByRole('link', { name: 'Bomizzel Backend API' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/bomizzel-backend/,
  );
  await expect(
    page.getByRole('heading', { name: 'Bomizzel Backend API' }).first(),
  ).toBeVisible();
  // The overview shows its relations to the rest of the system.
  await expect(
    page.getByText(/Bomizzel Ticketing System|bomizzel-ticketing/).first(),
  ).toBeVisible();

  const screenshot = await page.screenshot({ fullPage: true });
  await testInfo.attach('entity-page', {
    body: screenshot,
    contentType: 'image/png',
  });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/entity-page.png',
    fullPage: true,
  });
});
