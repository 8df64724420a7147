import { useEntity } from '@backstage/plugin-catalog-react';
import { Route, Routes, useParams } from 'react-router-dom';
import { IncidentView } from '../IncidentView';
import { EntityFollowUps } from '../EntityFollowUps';
import { PostmortemPage } from '../PostmortemPage';
import { EntityIncidentList } from './EntityIncidentList';
import { RunbookLinks } from './RunbookLinks';

function EntityIncidentPage() {
  const { entity } = useEntity();
  const { incidentId = '' } = useParams();
  return (
    <IncidentView
      incidentId={incidentId}
      relatedLinks={<RunbookLinks entity={entity} />}
    />
  );
}

/**
 * Properties of {@link EntityIncidentsContent}.
 *
 * @public
 */
export interface EntityIncidentsContentProps {
  /** Incidents per page of the history; default 20. */
  pageSize?: number;
}

/**
 * The Incidents tab of an entity page (components, resources, systems,
 * groups). Its sub-routes: the list at the tab's root, and one incident at
 * `<tab>/INC-42`.
 */
export function EntityIncidentsContent(props: EntityIncidentsContentProps) {
  const { entity } = useEntity();
  return (
    <Routes>
      <Route
        path="/"
        element={
          <>
            <EntityIncidentList entity={entity} pageSize={props.pageSize} />
            <EntityFollowUps entity={entity} />
          </>
        }
      />
      <Route path=":incidentId" element={<EntityIncidentPage />} />
      <Route path=":incidentId/postmortem" element={<PostmortemPage />} />
    </Routes>
  );
}
