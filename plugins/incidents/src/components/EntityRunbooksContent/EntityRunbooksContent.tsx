import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  useEntity,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { OpenIncidentsBanner } from './OpenIncidentsBanner';
import { RunbookRoutes } from '../RunbookRoutes';

/**
 * Properties of {@link EntityRunbooksContent}.
 *
 * @public
 */
export interface EntityRunbooksContentProps {
  /** The Incidents tab's path below the entity page; default `incidents`. */
  incidentsTabPath?: string;
}

/**
 * The Runbooks tab of an entity page: the entity's runbooks with a search, a
 * runbook at `<tab>/<path>`, and a banner while an incident is open on the
 * entity.
 */
export function EntityRunbooksContent(props: EntityRunbooksContentProps) {
  const { entity } = useEntity();
  const { primaryTitle } = useEntityPresentation(entity);
  return (
    <RunbookRoutes
      entityRef={stringifyEntityRef(entity)}
      subject={primaryTitle}
      backTitle={`Runbooks of ${primaryTitle}`}
      banner={
        <OpenIncidentsBanner
          entity={entity}
          incidentsTabPath={props.incidentsTabPath}
        />
      }
    />
  );
}
