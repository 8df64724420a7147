import { expect, Locator, Page, test } from '@playwright/test';

const ENTITY_PAGE = '/catalog/default/component/bomizzel-backend';

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The card whose header says `title`. */
const cardTitled = (page: Page, title: string): Locator =>
  page.locator('.MuiCard-root', {
    has: page.locator('.MuiCardHeader-title', { hasText: title }),
  });

/** The tool's group in `scope`: its section, named by its heading. */
const groupOf = (scope: Locator, tool: string) =>
  scope.getByRole('region', { name: tool, exact: true });

test('the Observability card shows the example backend’s links, and its live state as unavailable without network', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(ENTITY_PAGE);
  const card = cardTitled(page, 'Observability');
  await expect(card).toBeVisible();

  await test.step('links built from the entity’s annotations, by tool', async () => {
    const grafana = groupOf(card, 'Grafana');
    await expect(grafana.getByRole('img', { name: 'Grafana' })).toBeVisible();
    const overview = grafana.locator(
      'a[href^="https://grafana.bomizzel.com/d/bmz-backend/bomizzel-backend"]',
    );
    await expect(overview).toBeVisible();
    await expect(overview).toHaveAttribute('target', '_blank');
    await expect(overview).toHaveAttribute('rel', /noopener/);
    await expect(
      grafana.locator('a[href*="bomizzel-backend"]', {
        hasText: 'Alert rules for service=bomizzel-backend',
      }),
    ).toBeVisible();

    const jaeger = groupOf(card, 'Jaeger');
    await expect(jaeger.getByRole('img', { name: 'Jaeger' })).toBeVisible();
    await expect(
      jaeger
        .locator('a[href^="https://jaeger.bomizzel.com/search?"]')
        .filter({ hasText: 'Traces of bomizzel-backend' })
        .first(),
    ).toHaveAttribute('href', /service=bomizzel-backend/);

    const statuspage = groupOf(card, 'Status page');
    await expect(
      statuspage.getByRole('img', { name: 'Status page' }),
    ).toBeVisible();
    await expect(
      statuspage.locator('a[href^="https://status.bomizzel.com"]'),
    ).toBeVisible();
  });

  await test.step('no network: the live state says so, the links stay', async () => {
    // app-config.e2e.yaml asks Jaeger for live state; the portal cannot reach
    // it, so the badge says "unavailable" and keeps the reason for a tooltip.
    const jaegerLive = card.getByRole('group', {
      name: 'Live status of Jaeger',
    });
    const badge = jaegerLive.locator('[tabindex="0"]', {
      hasText: 'Traces unavailable',
    });
    await expect(badge).toBeVisible({ timeout: 20_000 });
    await expect(card.getByRole('progressbar')).toHaveCount(0);
    const badges = card.getByRole('group').locator('[tabindex="0"]');
    await expect(badges.filter({ hasText: /unavailable|stale/ })).toHaveCount(
      await badges.count(),
    );

    // The reason is reachable from the keyboard: Tab to the badge.
    await card.getByRole('button', { name: 'Refresh the live status' }).focus();
    for (let i = 0; i < 20; i++) {
      if (await badge.evaluate(el => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(badge).toBeFocused();
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).not.toBeEmpty();
    await card.screenshot({
      path: 'e2e-test-report/screenshots/observability-card-tooltip.png',
    });
    await page.keyboard.press('Escape');

    await expect(
      groupOf(card, 'Jaeger').locator('a[href^="https://jaeger"]').first(),
    ).toBeVisible();
  });

  await card.scrollIntoViewIfNeeded();
  await card.screenshot({
    path: 'e2e-test-report/screenshots/observability-card.png',
  });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/observability-entity-page.png',
    fullPage: true,
  });
});

test('the incident view links the affected entity’s tools for the incident window', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`${ENTITY_PAGE}/incidents`);
  await page.getByRole('button', { name: 'Declare incident' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog
    .getByRole('textbox', { name: /Title/ })
    .fill(`Slow ticket search ${Date.now()}`);
  await dialog.getByRole('radio', { name: /P2/ }).check();
  await dialog.getByRole('button', { name: 'Declare' }).click();
  await expect(page).toHaveURL(/\/bomizzel-backend\/incidents\/INC-\d+$/);

  const investigate = cardTitled(page, 'Investigate');
  await expect(investigate).toContainText(
    /Scoped to the incident: .*\d\d:\d\d – (now|.*\d\d:\d\d)/,
  );
  const overview = groupOf(investigate, 'Grafana').locator(
    'a[href^="https://grafana.bomizzel.com/d/bmz-backend/bomizzel-backend"]',
  );
  await expect(overview).toBeVisible();
  // Scoped to the window: epoch milliseconds, not "now-1h".
  await expect(overview).toHaveAttribute('href', /[?&]from=\d{13}/);
  await expect(overview).toHaveAttribute('href', /[?&]to=\d{13}/);
  await expect(
    groupOf(investigate, 'Jaeger').locator('a').first(),
  ).toHaveAttribute('href', /[?&]start=\d+.*end=\d+|[?&]end=\d+.*start=\d+/);

  await investigate.scrollIntoViewIfNeeded();
  await investigate.screenshot({
    path: 'e2e-test-report/screenshots/observability-incident-view.png',
  });
  await page.screenshot({
    path: 'e2e-test-report/screenshots/observability-incident-page.png',
    fullPage: true,
  });
});
