import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { createFakeIncidentsBackend } from '../../__testUtils__/fakeIncidentsBackend';
import {
  bomizzelIncidentRunbook,
  makeRunbook,
} from '../../__testUtils__/fakeRunbooks';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { RunbooksPage } from './RunbooksPage';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);
// The machine running the tests is shared: let queries wait for slow renders.
configure({ asyncUtilTimeout: 10_000 });

describe('RunbooksPage', () => {
  it('lists every runbook and opens one at /runbooks/<path> with deep links to its sections', async () => {
    const backend = createFakeIncidentsBackend({
      runbooks: [
        bomizzelIncidentRunbook(),
        makeRunbook('# Frontend Runbook', {
          path: 'runbooks/frontend.md',
          entities: ['component:default/bomizzel-frontend'],
        }),
      ],
    });
    server.use(...backend.handlers);
    renderIncidentsUi(<RunbooksPage />, {
      mountPath: '/runbooks/*',
      path: '/runbooks',
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Runbooks' }),
    ).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Runbooks' });
    expect(
      within(list)
        .getAllByRole('listitem', { name: /Runbook$/ })
        .map(i => i.getAttribute('aria-label')),
    ).toEqual(['Incident Response Runbook', 'Frontend Runbook']);
    expect(backend.requests[0].url.searchParams.has('entityRef')).toBe(false);
    expect(
      within(list).getByRole('link', { name: 'Common Incident Scenarios' }),
    ).toHaveAttribute(
      'href',
      '/runbooks/runbooks/incident-response.md#common-incident-scenarios',
    );

    await userEvent.click(
      within(list).getByRole('link', { name: 'Incident Response Runbook' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Database Issues (P0/P1)' }),
    ).toHaveAttribute('id', 'database-issues-p0p1');
    expect(screen.getByRole('link', { name: /All runbooks/ })).toHaveAttribute(
      'href',
      '/runbooks',
    );
  });
});
