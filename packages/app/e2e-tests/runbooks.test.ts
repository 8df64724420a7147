import { expect, test } from '@playwright/test';

const ENTITY_PAGE = '/catalog/default/component/bomizzel-backend';
const SCREENSHOTS = 'e2e-test-report/screenshots';

test('from the backend service, open the incident response runbook, jump to Database Issues and copy a command', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(baseURL!).origin,
  });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  await page.goto(ENTITY_PAGE);
  await expect(
    page.getByRole('heading', { name: 'Bomizzel Backend API' }).first(),
  ).toBeVisible();

  await test.step("open the entity's Runbooks tab", async () => {
    // The entity's tab, not the sidebar's Runbooks page.
    await page
      .getByRole('tab', { name: 'Runbooks' })
      .or(page.locator('a[href$="/bomizzel-backend/runbooks"]'))
      .first()
      .click();
    await expect(page).toHaveURL(/\/bomizzel-backend\/runbooks$/);
    const list = page.getByRole('list', { name: 'Runbooks' });
    await expect(
      list.getByRole('link', { name: 'Bomizzel Backend API Runbook' }),
    ).toBeVisible();
    await expect(
      list.getByRole('link', { name: 'Incident Response Runbook' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/runbooks-e2e-tab.png`,
      fullPage: true,
    });
  });

  await test.step('open the incident response runbook inside the tab', async () => {
    await page
      .getByRole('list', { name: 'Runbooks' })
      .getByRole('link', { name: 'Incident Response Runbook' })
      .click();
    await expect(page).toHaveURL(
      /\/bomizzel-backend\/runbooks\/runbooks\/incident-response\.md$/,
    );
    await expect(
      page.getByRole('heading', {
        level: 1,
        name: 'Incident Response Runbook',
      }),
    ).toBeVisible();
    // The severity table is a table.
    await expect(
      page.getByRole('row', { name: /P0 - Critical.*15 minutes/ }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/runbooks-e2e-runbook.png`,
      fullPage: true,
    });
  });

  const heading = page.getByRole('heading', {
    name: 'Database Issues (P0/P1)',
  });

  await test.step('jump to Database Issues from the table of contents', async () => {
    await expect(heading).not.toBeInViewport();
    await page
      .getByRole('navigation', { name: 'Contents' })
      .getByRole('link', { name: 'Database Issues (P0/P1)' })
      .click();
    await expect(page).toHaveURL(/#database-issues-p0p1$/);
    await expect(heading).toHaveAttribute('id', 'database-issues-p0p1');
    await expect(heading).toBeInViewport();
    await page.screenshot({ path: `${SCREENSHOTS}/runbooks-e2e-toc-jump.png` });
  });

  await test.step('copy the investigation commands of Database Issues', async () => {
    const block = page
      .getByRole('group', { name: 'bash code' })
      .filter({ hasText: '# 1. Check database status' });
    await block.scrollIntoViewIfNeeded();
    const copy = block.getByRole('button', { name: 'Copy the bash code' });
    await expect(async () => {
      await copy.click();
      await expect(page.getByText('Copied', { exact: true })).toBeVisible({
        timeout: 1_000,
      });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(
        /^# 1\. Check database status\ndocker-compose exec postgres pg_isready -U bomizzel_user -d bomizzel_db\n/,
      );
      expect(copied).toContain('WHERE NOT blocked_locks.granted;"');
      expect(copied.endsWith('\n')).toBe(false);
    }).toPass({ timeout: 20_000 });
    await block.hover();
    await page.screenshot({ path: `${SCREENSHOTS}/runbooks-e2e-copy.png` });
  });

  await test.step('a deep link lands on the heading on the portal page', async () => {
    await page.goto(
      '/runbooks/runbooks/incident-response.md#database-issues-p0p1',
    );
    await expect(heading).toBeInViewport();

    await page.goto(
      '/runbooks/runbooks/incident-response.md#initial-incident-notification',
    );
    await expect(page.getByText(/🚨 INCIDENT ALERT/)).toBeInViewport();
    await page.screenshot({ path: `${SCREENSHOTS}/runbooks-e2e-emoji.png` });
  });

  await test.step('search every runbook from the Runbooks page', async () => {
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Runbooks' })
      .click();
    await expect(page).toHaveURL(/\/runbooks$/);
    const list = page.getByRole('list', { name: 'Runbooks' });
    await expect(
      list.getByRole('link', { name: 'Redis Cache Runbook' }),
    ).toBeVisible();
    await page
      .getByRole('searchbox', { name: 'Search runbooks' })
      .fill('pg_isready');
    await expect(
      list.getByRole('link', { name: 'Redis Cache Runbook' }),
    ).toHaveCount(0);
    await expect(
      list.getByRole('link', { name: 'Incident Response Runbook' }),
    ).toBeVisible();
    await expect(
      list.getByRole('link', { name: 'PostgreSQL Database Runbook' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/runbooks-e2e-page.png`,
      fullPage: true,
    });

    await list
      .getByRole('link', { name: 'PostgreSQL Database Runbook' })
      .click();
    await expect(page).toHaveURL(/\/runbooks\/runbooks\/database\.md$/);
    await expect(
      page.getByText(/longer ago than the review threshold/),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/runbooks-e2e-page-runbook.png`,
    });
  });
});
