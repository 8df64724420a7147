import { expect, Locator, Page, test } from '@playwright/test';

/**
 * The runbook's response process end to end, on app-config.e2e.yaml's
 * escalation matrix in seconds: a P0 escalates, is resolved, its post-mortem
 * is written and published with two action items, and the trend review
 * counts it.
 */
const INCIDENTS_TAB = '/catalog/default/component/bomizzel-backend/incidents';
const SCREENSHOTS = 'e2e-test-report/screenshots';

/** The trend review's figures that this test moves. */
async function trendFigures(page: Page) {
  await page.goto('/incidents');
  const number = async (label: string, pattern: RegExp) => {
    const tile = page.getByRole('region', { name: label, exact: true });
    await expect(tile).toContainText(pattern);
    return Number(pattern.exec((await tile.textContent()) ?? '')?.[1]);
  };
  return {
    incidents: await number('Incidents', /^Incidents(\d+)/),
    published: await number('Post-mortems published', /(\d+) of \d+ required/),
    // The tile's big figure, the line under the heading.
    openActionItems: Number(
      await page
        .getByRole('region', { name: 'Open action items', exact: true })
        .locator('h3 + div')
        .textContent(),
    ),
  };
}

async function changeStatus(page: Page, status: string, message: string) {
  await page.getByRole('button', { name: 'Change status' }).click();
  const dialog = page.getByRole('dialog', {
    name: /Change the status of INC-/,
  });
  await dialog
    .getByRole('combobox', { name: 'New status' })
    .selectOption(status);
  await dialog.getByRole('textbox', { name: /Message/ }).fill(message);
  await dialog.getByRole('button', { name: 'Change status' }).click();
  await expect(dialog).toBeHidden();
}

async function writeSection(page: Page, name: string, markdown: string) {
  await page
    .getByRole('region', { name })
    .getByRole('textbox', { name: `${name} (markdown)` })
    .fill(markdown);
}

async function addActionItem(
  page: Page,
  item: { title: string; kind: string; owner: string; ticketUrl: string },
) {
  await page.getByRole('button', { name: 'Add action item' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add action item' });
  // The title has the focus when the dialog opens.
  await expect(dialog.getByRole('textbox', { name: /Title/ })).toBeFocused();
  await page.keyboard.type(item.title);
  await dialog
    .getByRole('combobox', { name: 'Kind' })
    .selectOption({ label: item.kind });
  await dialog.getByRole('textbox', { name: /Owner/ }).fill(item.owner);
  await page.getByRole('option', { name: new RegExp(item.owner) }).click();
  await dialog.getByLabel(/Due date/).fill('2099-01-31');
  await dialog
    .getByRole('textbox', { name: /Ticket URL/ })
    .fill(item.ticketUrl);
  await dialog.getByRole('button', { name: 'Add' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * What keeps a table's columns from reading in Chromium's layout: the table
 * wider than the box that scrolls or clips it (a column cut off), and words
 * split over lines (a column squeezed to a letter per line). jsdom has no
 * layout, so only this end-to-end test can see it.
 */
function columnsThatDoNotRead(table: Locator): Promise<string[]> {
  return table.evaluate(element => {
    const problems: string[] = [];
    let box = element.parentElement;
    while (box && getComputedStyle(box).overflowX === 'visible') {
      box = box.parentElement;
    }
    if (box && box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${box.scrollWidth - box.clientWidth} px cut off`);
    }
    const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index ?? 0);
        range.setEnd(node, (word.index ?? 0) + word[0].length);
        const lines = new Set(
          [...range.getClientRects()]
            .filter(rect => rect.width > 0)
            .map(rect => Math.round(rect.top)),
        );
        if (lines.size > 1) {
          problems.push(`"${word[0]}" split over ${lines.size} lines`);
        }
      }
    }
    return problems;
  });
}

const levelItem = (card: Locator, title: string) =>
  card
    .getByRole('list', { name: 'Escalation levels' })
    .getByRole('listitem')
    .filter({ hasText: title });

test('a P0 escalates, is resolved, and its published post-mortem and action items reach the trend review', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const title = `Checkout answers 503 ${Date.now()}`;

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  const before = await trendFigures(page);

  await test.step('declare a P0 on the backend service', async () => {
    await page.goto(INCIDENTS_TAB);
    await page
      .getByRole('button', { name: 'Declare incident' })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Declare incident' });
    await dialog.getByRole('textbox', { name: /Title/ }).fill(title);
    await dialog.getByRole('radio', { name: /P0/ }).check();
    await dialog.getByRole('button', { name: 'Declare' }).click();
    await expect(page).toHaveURL(/\/incidents\/INC-\d+$/);
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  });
  const ref = /INC-\d+$/.exec(page.url())![0];

  await test.step('nobody makes progress: it escalates to the engineering manager', async () => {
    const card = page.locator('.MuiCard-root').filter({
      has: page.locator('.MuiCardHeader-title', { hasText: /^Escalation$/ }),
    });
    // The scheduler checks every 2 s; the card reads again on reload.
    await expect(async () => {
      await page.reload();
      await expect(card).toContainText('Escalated to Engineering manager', {
        timeout: 3_000,
      });
    }).toPass({ timeout: 60_000 });
    await expect(levelItem(card, 'Team lead')).toContainText('Fired');
    await expect(levelItem(card, 'Team lead')).toContainText(
      /alex-morgan|Alex Morgan/,
    );
    await expect(levelItem(card, 'Engineering manager')).toContainText('Fired');
    await expect(levelItem(card, 'CTO / VP Engineering')).toContainText('Due');
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText('escalated to Team lead');
    await expect(timeline).toContainText('escalated to Engineering manager');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}/response-process-escalated.png`,
      fullPage: true,
    });
  });

  const postmortemCard = page.getByRole('region', {
    name: 'Post-mortem',
    exact: true,
  });

  await test.step('resolve it: the post-mortem is required and due', async () => {
    await changeStatus(page, 'RESOLVED', 'Rolled back the 3.1 deploy');
    const summary = page.getByRole('region', { name: `Summary of ${ref}` });
    await expect(summary.getByText('Resolved', { exact: true })).toHaveCount(2);
    await expect(postmortemCard).toContainText('Not started');
    await expect(postmortemCard).toContainText(/Required · due in/);
    await postmortemCard.scrollIntoViewIfNeeded();
    await postmortemCard.screenshot({
      path: `${SCREENSHOTS}/response-process-postmortem-card-due.png`,
    });
  });

  await test.step('write the post-mortem', async () => {
    await postmortemCard
      .getByRole('button', { name: 'Write post-mortem' })
      .click();
    await expect(page).toHaveURL(new RegExp(`/${ref}/postmortem$`));
    await expect(
      page.getByRole('heading', { name: `Post-mortem of ${ref}: ${title}` }),
    ).toBeVisible();
    // The timeline comes prefilled from the incident.
    await expect(
      page
        .getByRole('region', { name: 'Timeline' })
        .getByRole('textbox', { name: 'Timeline (markdown)' }),
    ).not.toHaveValue('');
    await writeSection(
      page,
      'Incident summary',
      'Checkout answered **503** for 12 minutes; every EU customer was affected.',
    );
    await writeSection(
      page,
      'Root cause analysis',
      'The 3.1 deploy halved the connection pool.\n\n- Contributing: no load test\n- Not caught: staging has 2 pods',
    );
    await writeSection(
      page,
      'Response evaluation',
      '- Went well: rollback in 4 minutes\n- To improve: the lead was paged late',
    );
    await expect(page.getByText('· Unsaved changes')).toBeVisible();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Incident summary' }),
    ).toContainText(/Last written by (guest|Guest)/);
    await page
      .getByRole('region', { name: 'Root cause analysis' })
      .getByRole('tab', { name: 'Preview' })
      .click();
    await expect(
      page
        .getByRole('region', { name: 'Root cause analysis' })
        .getByRole('listitem')
        .filter({ hasText: 'Contributing: no load test' }),
    ).toBeVisible();
    await page.screenshot({
      path: `${SCREENSHOTS}/response-process-postmortem-editor.png`,
      fullPage: true,
    });
  });

  await test.step('add two action items', async () => {
    await addActionItem(page, {
      title: 'Alert on connection pool saturation',
      kind: 'Monitoring enhancement',
      owner: 'Sam Rivera',
      ticketUrl: 'https://jira.bomizzel.com/browse/OPS-101',
    });
    await addActionItem(page, {
      title: 'Load test every release candidate',
      kind: 'Process change',
      owner: 'Backend Team',
      ticketUrl: 'https://jira.bomizzel.com/browse/OPS-102',
    });
    const list = page
      .getByRole('region', { name: 'Action items' })
      .getByRole('table', { name: 'Action items' });
    await expect(list.getByRole('row')).toHaveCount(3);
    await expect(list).toContainText('Monitoring enhancement');
    await expect(list).toContainText('Process change');
    await list.scrollIntoViewIfNeeded();
    await page.getByRole('region', { name: 'Action items' }).screenshot({
      path: `${SCREENSHOTS}/response-process-action-items.png`,
    });
  });

  await test.step('submit it for review and publish it', async () => {
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(
      page.getByLabel('Post-mortem status: In review'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(
      page.getByLabel('Post-mortem status: Published'),
    ).toBeVisible();
    await page.getByRole('link', { name: `Back to ${ref}` }).click();
    await expect(page).toHaveURL(new RegExp(`/${ref}$`));
    await expect(postmortemCard).toContainText('Published');
    await expect(postmortemCard).toContainText('Required · done');
    // The incident view's action items, two-thirds wide, read at 1280 px.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect
      .poll(() =>
        columnsThatDoNotRead(
          page
            .getByRole('region', { name: 'Action items' })
            .getByRole('table', { name: 'Action items' }),
        ),
      )
      .toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await postmortemCard.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `${SCREENSHOTS}/response-process-incident-followup.png`,
      fullPage: true,
    });
  });

  await test.step("the entity's Incidents tab lists the open action items", async () => {
    await page.goto(INCIDENTS_TAB);
    const followUps = page.getByRole('region', { name: 'Follow-ups' });
    await expect(followUps).toContainText(
      'Alert on connection pool saturation',
    );
    await expect(followUps).toContainText('Load test every release candidate');
    await expect(followUps).not.toContainText(title);

    // Every column of the tab's tables reads from 1280 px up.
    const tables = [
      followUps.getByRole('table', { name: 'Action items' }),
      page.getByRole('region', { name: 'Active incidents' }).getByRole('table'),
      page.getByRole('region', { name: 'History' }).getByRole('table'),
    ];
    for (const width of [1280, 1440, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      for (const table of tables) {
        await expect.poll(() => columnsThatDoNotRead(table)).toEqual([]);
      }
      await followUps.screenshot({
        path: `${SCREENSHOTS}/response-process-follow-ups-${width}.png`,
      });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step('the trend review counts it', async () => {
    const after = await trendFigures(page);
    expect(after.incidents).toBe(before.incidents + 1);
    expect(after.published).toBe(before.published + 1);
    expect(after.openActionItems).toBe(before.openActionItems + 2);
    await expect(
      page.getByRole('table', { name: 'Most affected entities' }),
    ).toContainText(/bomizzel-backend|Bomizzel Backend/);
    await page.screenshot({
      path: `${SCREENSHOTS}/response-process-trends.png`,
      fullPage: true,
    });
  });
});
