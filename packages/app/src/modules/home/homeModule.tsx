import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## The Bomizzel developer portal

Every component of the ticketing system, its owners and its on-call people, in one place.

- **Browse the [catalog](/)**: the ticketing backend, website, database, cache and API.
- **During an incident**: open the broken component's page for its incident history,
  runbooks and dashboards.
- **The process**: the incident response runbook sets severities P0–P3, the
  INVESTIGATING → IDENTIFIED → RESOLVING → RESOLVED lifecycle and the escalation matrix.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to start in the Bomizzel developer portal',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
