import { Progress } from '@backstage/core-components';
import { lazy, Suspense } from 'react';
import type { DeclareIncidentDialogProps } from './components/DeclareIncidentDialog';
import type { IncidentViewProps } from './components/IncidentView';

// The package's components for an app's own pages load their code when they
// are first rendered, as the tabs, cards and pages do: importing them must
// not put the incident view (markdown, timeline, MUI lab) into the app's
// entry chunk.

const LazyDeclareIncidentDialog = lazy(() =>
  import('./components/DeclareIncidentDialog').then(m => ({
    default: m.DeclareIncidentDialog,
  })),
);

const LazyIncidentView = lazy(() =>
  import('./components/IncidentView').then(m => ({
    default: m.IncidentView,
  })),
);

/**
 * The form to declare an incident: title, severity (each level with its
 * meaning and response target), affected entities from the catalog, a
 * markdown description and an optional commander.
 *
 * Every submission of the same form content carries the same
 * Idempotency-Key, so a double click or a retry after a network error creates
 * one incident. Its code is loaded when it is first rendered (closed or
 * open).
 *
 * @public
 */
export function DeclareIncidentDialog(props: DeclareIncidentDialogProps) {
  return (
    <Suspense fallback={null}>
      <LazyDeclareIncidentDialog {...props} />
    </Suspense>
  );
}

/**
 * One incident: its header and milestones, the description, the timeline,
 * the runbook's messages to copy, and the actions of the lifecycle.
 *
 * Changes are sent with the version last read (If-Match). When someone else
 * changed the incident meanwhile (412), the latest version is loaded and the
 * user's unsent input is kept to send again. Its code is loaded when it is
 * first rendered.
 *
 * @public
 */
export function IncidentView(props: IncidentViewProps) {
  return (
    <Suspense fallback={<Progress />}>
      <LazyIncidentView {...props} />
    </Suspense>
  );
}
