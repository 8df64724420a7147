import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { LinkGroups } from '../LinkGroups';

/** Where the annotations the card reads are explained. */
export const OBSERVABILITY_DOCS_URL =
  'https://www.npmjs.com/package/@bomizzel/plugin-incidents#observability-links';

/**
 * Properties of {@link EntityObservabilityCard}.
 *
 * @public
 */
export interface EntityObservabilityCardProps {
  /** Where the empty state points for the annotations to add. */
  docsUrl?: string;
}

/**
 * Overview card of an entity's dashboards, traces, status page and the other
 * tools of the runbook, grouped by tool, with live badges (firing alerts,
 * status-page status, traces with errors). The links show as soon as they
 * are resolved, whatever the live sources do.
 */
export function EntityObservabilityCard(props: EntityObservabilityCardProps) {
  const { docsUrl = OBSERVABILITY_DOCS_URL } = props;
  const { entity } = useEntity();
  const api = useApi(incidentsApiRef);
  const entityRef = stringifyEntityRef(entity);

  const links = useAsync(() => api.getLinks({ entityRef }), [api, entityRef]);
  const status = useAsyncRetry(
    () => api.getStatus(entityRef),
    [api, entityRef],
  );

  let content: JSX.Element;
  if (links.loading) {
    content = <Progress />;
  } else if (links.error || !links.value) {
    content = (
      <ResponseErrorPanel
        title="The observability links could not be loaded"
        error={links.error ?? new Error('No answer')}
      />
    );
  } else if (
    links.value.groups.every(g => !g.links.length) &&
    !status.value?.sources.length
  ) {
    content = (
      <EmptyState
        missing="info"
        title="No observability links"
        description={
          <>
            Add <code>grafana/…</code>, <code>jaegertracing.io/…</code> or{' '}
            <code>statuspage.io/components</code> annotations to the entity, or{' '}
            <code>metadata.links</code>.{' '}
            <Link to={docsUrl}>How to link an entity to its tools</Link>
          </>
        }
      />
    );
  } else {
    content = (
      <LinkGroups
        groups={links.value.groups.filter(g => g.links.length)}
        live={{
          loading: status.loading,
          error: status.error,
          sources: status.value?.sources,
        }}
      />
    );
  }

  return (
    <InfoCard
      title="Observability"
      action={
        <Tooltip title="Refresh the live status">
          <span>
            <IconButton
              aria-label="Refresh the live status"
              onClick={status.retry}
              disabled={status.loading}
            >
              <RefreshIcon />
            </IconButton>
          </span>
        </Tooltip>
      }
    >
      {content}
    </InfoCard>
  );
}
