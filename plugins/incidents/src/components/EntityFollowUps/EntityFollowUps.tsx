import { InfoCard } from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { ActionItemList } from '../ActionItemList';
import { PostmortemSummaryList } from './PostmortemSummaryList';

/**
 * What an entity's owners still owe after its incidents: open action items,
 * overdue first, and post-mortems missing or overdue. On a Group's or a
 * System's page, those of what it owns or contains.
 */
export function EntityFollowUps(props: { entity: Entity }) {
  const entityRef = stringifyEntityRef(props.entity);
  return (
    <Box component="section" aria-label="Follow-ups" mt={3}>
      {/* Side by side only from 1920 px: below, the action items' seven
          columns need the full width to read. */}
      <Grid container spacing={3}>
        <Grid item xs={12} xl={8}>
          <InfoCard title="Open action items">
            <ActionItemList
              request={{
                entityRef: [entityRef],
                status: ['open', 'in_progress'],
              }}
              showIncident
              emptyText="No open action items."
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} xl={4}>
          <InfoCard title="Post-mortems missing or overdue">
            <PostmortemSummaryList entityRef={entityRef} />
          </InfoCard>
        </Grid>
      </Grid>
    </Box>
  );
}
