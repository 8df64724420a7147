import { ReactNode } from 'react';
import { Route, Routes, useParams, useResolvedPath } from 'react-router-dom';
import { RunbookList, RunbookListProps } from './RunbookList';
import { RunbookViewer } from './RunbookViewer';

function RunbookRoute(props: { basePath: string; backTitle: string }) {
  const path = useParams()['*'] ?? '';
  return (
    <RunbookViewer
      path={path}
      basePath={props.basePath}
      back={{ to: props.basePath, title: props.backTitle }}
    />
  );
}

/** Properties of {@link RunbookRoutes}. */
export interface RunbookRoutesProps extends Omit<RunbookListProps, 'basePath'> {
  /** The link back from a runbook to the list. */
  backTitle: string;
  /** Shown above both the list and a runbook. */
  banner?: ReactNode;
}

/**
 * The list of runbooks at this route, and a runbook at `<route>/<path>` (for
 * example `runbooks/database.md`), so that each runbook has a link.
 */
export function RunbookRoutes(props: RunbookRoutesProps) {
  const { backTitle, banner, ...listProps } = props;
  // The URL of this route, without the runbook path below it.
  const basePath = useResolvedPath('.').pathname;
  return (
    <>
      {banner}
      <Routes>
        <Route
          path="/"
          element={<RunbookList {...listProps} basePath={basePath} />}
        />
        <Route
          path="*"
          element={<RunbookRoute basePath={basePath} backTitle={backTitle} />}
        />
      </Routes>
    </>
  );
}
