import { Content, Header, Page } from '@backstage/core-components';
import { RunbookRoutes } from '../RunbookRoutes';

/**
 * The portal's runbooks, without a page header: every runbook with a search,
 * and one runbook at `<page>/<path>`.
 */
export function RunbooksPageContent() {
  return (
    <Content>
      <RunbookRoutes backTitle="All runbooks" />
    </Content>
  );
}

/** The runbooks page with its header, for apps on the legacy frontend system. */
export function RunbooksPage() {
  return (
    <Page themeId="documentation">
      <Header
        title="Runbooks"
        subtitle="What to do when something breaks, one click from the clipboard"
      />
      <RunbooksPageContent />
    </Page>
  );
}
