import { expect, Page, test } from '@playwright/test';

const ENTITY_PAGE = '/catalog/default/component/bomizzel-backend';

/** The overview card's "of N in total". */
async function totalInCard(page: Page): Promise<number> {
  const card = page.locator('.MuiCard-root', { has: page.getByText('MTTA') });
  await expect(card).toBeVisible();
  const text = await card.getByText(/of \d+ in total/).textContent();
  return Number(/of (\d+) in total/.exec(text ?? '')?.[1]);
}

async function changeStatus(page: Page, status: string, message: string) {
  await page.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog', {
    name: /Change the status of INC-/,
  });
  await dialog
    .getByRole('combobox', { name: 'New status' })
    .selectOption(status);
  // The message field has the focus when the dialog opens.
  await expect(dialog.getByRole('textbox', { name: /Message/ })).toBeFocused();
  await page.keyboard.type(message);
  await dialog.getByRole('button', { name: 'Change status' }).click();
  await expect(dialog).toBeHidden();
}

test('a guest declares an incident on the backend service, resolves it and copies the resolution message', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(baseURL!).origin,
  });
  // A long walk through a dev portal: give it three times the usual time.
  test.slow();
  let title = `Attachments fail to upload ${Date.now()}`;

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  await page.goto(ENTITY_PAGE);
  const totalBefore = await totalInCard(page);

  await test.step('declare the incident from the Incidents tab', async () => {
    // The entity's tab, not the sidebar's Incidents page.
    await page.locator(`a[href="${ENTITY_PAGE}/incidents"]`).first().click();
    await expect(page).toHaveURL(/\/bomizzel-backend\/incidents$/);
    await page
      .getByRole('button', { name: 'Declare incident' })
      .first()
      .click();

    const dialog = page.getByRole('dialog', { name: 'Declare incident' });
    // The entity whose page this is comes prefilled.
    await expect(
      dialog.getByRole('button', { name: /Bomizzel Backend API/ }),
    ).toBeVisible();
    await dialog.getByRole('textbox', { name: /Title/ }).fill(title);
    await dialog.getByRole('radio', { name: /P1/ }).check();
    await dialog
      .getByRole('textbox', { name: /Description/ })
      .fill('Uploads over 5 MB answer **500**.');
    // The impact began before anyone noticed; detection stays "now".
    const impactStart = new Date(Date.now() - 20 * 60_000);
    const local = new Date(
      impactStart.getTime() - impactStart.getTimezoneOffset() * 60_000,
    )
      .toISOString()
      .slice(0, 16);
    await dialog.getByLabel(/Impact started/).fill(local);
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-declare-dialog.png',
    });
    await dialog.getByRole('button', { name: 'Declare' }).click();

    await expect(page).toHaveURL(/\/bomizzel-backend\/incidents\/INC-\d+$/);
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(
      page.getByText('Uploads over 5 MB answer').first(),
    ).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-incident-view.png',
      fullPage: true,
    });
  });
  const ref = /INC-\d+$/.exec(page.url())![0];
  const summary = page.getByRole('region', { name: `Summary of ${ref}` });
  await expect(summary.getByText('Impact started')).toBeVisible();
  title = `${title} (EU region)`;

  await test.step('edit the title and add an affected entity', async () => {
    await summary.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${ref}` });
    const titleField = dialog.getByRole('textbox', { name: /Title/ });
    await expect(titleField).toBeFocused();
    await titleField.fill(title);
    await dialog
      .getByRole('textbox', { name: /Affected entities/ })
      .fill('PostgreSQL');
    await page.getByRole('option', { name: /Bomizzel PostgreSQL/ }).click();
    await expect(
      dialog.getByRole('button', { name: /PostgreSQL|bomizzel-postgres/ }),
    ).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-edit-dialog.png',
    });
    // Enter in the title saves.
    await titleField.press('Enter');
    await expect(dialog).toBeHidden();

    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(
      summary.getByRole('link', { name: /PostgreSQL|bomizzel-postgres/ }),
    ).toBeVisible();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText('renamed it from');
    await expect(timeline).toContainText('added');
  });

  await test.step('take it to IDENTIFIED', async () => {
    await changeStatus(
      page,
      'IDENTIFIED',
      'Bucket policy changed in the 2.4.1 deploy',
    );
    await expect(summary.getByText('Identified', { exact: true })).toHaveCount(
      2, // the status and the milestone
    );
    await expect(page.getByRole('list', { name: 'Timeline' })).toContainText(
      'Bucket policy changed in the 2.4.1 deploy',
    );
  });

  await test.step('the overview card lists it while it is open', async () => {
    await page.goto(ENTITY_PAGE);
    const open = page.getByRole('list', { name: 'Open incidents' });
    await expect(open.getByRole('link', { name: ref })).toBeVisible();
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-card-open.png',
      fullPage: true,
    });
    await open.getByRole('link', { name: ref }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  });

  await test.step('take it to RESOLVED', async () => {
    await changeStatus(
      page,
      'RESOLVED',
      'Bucket policy restored; failed uploads retried',
    );
    await expect(summary.getByText('Resolved', { exact: true })).toHaveCount(2);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText(
      'Bucket policy restored; failed uploads retried',
    );
  });

  await test.step('copy the resolution message', async () => {
    const resolution = page.getByRole('region', {
      name: 'Resolution notification',
    });
    await expect(resolution).toContainText(
      'Resolution: Bucket policy restored; failed uploads retried',
    );
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-resolved-view.png',
      fullPage: true,
    });
    const copyButton = resolution.getByRole('button', {
      name: 'Copy the resolution notification',
    });
    // Retried as a whole: a click during a re-render of the messages is lost.
    await expect(async () => {
      await copyButton.click();
      await expect(page.getByText('Copied to the clipboard')).toBeVisible({
        timeout: 1_000,
      });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(`INCIDENT RESOLVED - P1 - ${title}`);
      expect(copied).toContain(
        'Resolution: Bucket policy restored; failed uploads retried',
      );
    }).toPass({ timeout: 20_000 });
  });

  await test.step('find it in the history and in the card', async () => {
    await page.getByRole('link', { name: 'All incidents' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await expect(history.getByRole('link', { name: ref })).toBeVisible();
    await expect(history.getByText(title)).toBeVisible();
    await expect(
      page
        .getByRole('region', { name: 'Active incidents' })
        .getByRole('link', { name: ref }),
    ).toHaveCount(0);

    const screenshot = await page.screenshot({ fullPage: true });
    await testInfo.attach('incidents-tab', {
      body: screenshot,
      contentType: 'image/png',
    });
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-history.png',
      fullPage: true,
    });

    await page.goto(ENTITY_PAGE);
    expect(await totalInCard(page)).toBe(totalBefore + 1);
    await expect(
      page
        .getByRole('list', { name: 'Open incidents' })
        .getByRole('link', { name: ref }),
    ).toHaveCount(0);
    await page.screenshot({
      path: 'e2e-test-report/screenshots/incidents-e2e-overview.png',
      fullPage: true,
    });
  });
});
