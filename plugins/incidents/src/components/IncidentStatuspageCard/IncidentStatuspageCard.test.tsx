import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { StatuspagePublication } from '@bomizzel/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentStatuspageCard } from './IncidentStatuspageCard';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const incident = makeIncident({
  id: 7,
  severity: 'P0',
  title: 'Checkout down',
});
const URL_7 = `${INCIDENTS_URL}/incidents/7/statuspage`;

const notPublished: StatuspagePublication = {
  incidentId: 7,
  available: true,
  published: false,
  changedSincePublication: false,
  page: { name: 'bomizzel', url: 'https://status.bomizzel.com' },
  preview: {
    name: 'Checkout down',
    status: 'investigating',
    impact: 'critical',
    componentStatus: 'major_outage',
    componentIds: ['api0000000001'],
    messageId: 'initial',
    message: '🚨 INCIDENT ALERT - P0 - Checkout down',
  },
};
const published: StatuspagePublication = {
  ...notPublished,
  published: true,
  statuspageIncidentId: 'p31zjtct2jer',
  shortlink: 'https://stspg.io/p31zjtct2jer',
  publishedStatus: 'INVESTIGATING',
  publishedAt: new Date().toISOString(),
  preview: {
    ...notPublished.preview!,
    messageId: 'update',
    message: '📊 INCIDENT UPDATE',
  },
};

describe('IncidentStatuspageCard', () => {
  it('shows the preview, sends the edited message and then where it is published', async () => {
    let state = notPublished;
    const sent: unknown[] = [];
    server.use(
      http.get(URL_7, () => HttpResponse.json(state)),
      http.post(URL_7, async ({ request }) => {
        sent.push(await request.json());
        state = published;
        return HttpResponse.json(state);
      }),
    );
    const onPublished = jest.fn();
    await renderIncidentsUi(
      <IncidentStatuspageCard incident={incident} onPublished={onPublished} />,
    );

    expect(await screen.findByText(/Not published on/)).toHaveTextContent(
      'Not published on bomizzel yet.',
    );
    const preview = screen.getByLabelText('Status page preview');
    expect(within(preview).getByText('investigating')).toBeInTheDocument();
    expect(within(preview).getByText('critical')).toBeInTheDocument();
    expect(
      within(preview).getByText('api0000000001 → major_outage'),
    ).toBeInTheDocument();
    const field = screen.getByRole('textbox', { name: 'Message' });
    expect(field).toHaveValue('🚨 INCIDENT ALERT - P0 - Checkout down');

    await userEvent.clear(field);
    await userEvent.click(field);
    await userEvent.paste('We are looking into checkout errors.');
    await userEvent.click(
      screen.getByRole('button', { name: 'Publish to status page' }),
    );

    await waitFor(() =>
      expect(sent).toEqual([
        { message: 'We are looking into checkout errors.' },
      ]),
    );
    const link = await screen.findByRole('link', {
      name: /https:\/\/stspg\.io\/p31zjtct2jer/,
    });
    expect(link).toHaveAttribute('href', 'https://stspg.io/p31zjtct2jer');
    expect(onPublished).toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue(
      '📊 INCIDENT UPDATE',
    );
  });

  it('offers to update the page when the incident changed since', async () => {
    server.use(
      http.get(URL_7, () =>
        HttpResponse.json({ ...published, changedSincePublication: true }),
      ),
    );
    await renderIncidentsUi(<IncidentStatuspageCard incident={incident} />);
    expect(
      await screen.findByRole('button', { name: 'Update status page' }),
    ).toBeEnabled();
    expect(screen.getByText(/the incident changed since/)).toBeInTheDocument();
  });

  it('shows why a publication failed and lets the person try again', async () => {
    server.use(
      http.get(URL_7, () => HttpResponse.json(notPublished)),
      http.post(URL_7, () =>
        errorResponse(
          502,
          'StatuspageUnavailableError',
          "Status page 'bomizzel' did not accept the publication: answered HTTP 500 after 4 attempts",
        ),
      ),
    );
    await renderIncidentsUi(<IncidentStatuspageCard incident={incident} />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Publish to status page' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'answered HTTP 500 after 4 attempts',
    );
    expect(
      screen.getByRole('button', { name: 'Publish to status page' }),
    ).toBeEnabled();
  });

  it('refuses to send an empty message', async () => {
    server.use(http.get(URL_7, () => HttpResponse.json(notPublished)));
    await renderIncidentsUi(<IncidentStatuspageCard incident={incident} />);
    await userEvent.clear(
      await screen.findByRole('textbox', { name: 'Message' }),
    );
    expect(
      screen.getByRole('button', { name: 'Publish to status page' }),
    ).toBeDisabled();
    expect(
      screen.getByText('The message cannot be empty.'),
    ).toBeInTheDocument();
  });

  it('is hidden when no status page covers the incident', async () => {
    let asked = false;
    server.use(
      http.get(URL_7, () => {
        asked = true;
        return HttpResponse.json({
          incidentId: 7,
          available: false,
          published: false,
          changedSincePublication: false,
          reason: 'no status page',
        });
      }),
    );
    await renderIncidentsUi(<IncidentStatuspageCard incident={incident} />);
    await waitFor(() => expect(asked).toBe(true));
    await waitFor(() =>
      expect(screen.queryByText('Status page')).not.toBeInTheDocument(),
    );
  });

  it('shows an error when the state cannot be read', async () => {
    server.use(
      http.get(URL_7, () =>
        errorResponse(500, 'Error', 'database unavailable'),
      ),
    );
    await renderIncidentsUi(<IncidentStatuspageCard incident={incident} />);
    expect(
      await screen.findByText(
        'Could not load the status page: database unavailable',
      ),
    ).toBeInTheDocument();
  });
});
