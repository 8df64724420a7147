import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  ListIncidentsRequest,
} from '@bomizzel/plugin-incidents-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { incidentsApiRef } from '../api';

/** Incidents loaded page by page with the API's keyset cursor. */
export interface IncidentPages {
  items: Incident[];
  /** The first page is loading. */
  loading: boolean;
  /** A further page is loading. */
  loadingMore: boolean;
  error?: Error;
  hasMore: boolean;
  loadMore(): void;
}

/**
 * Lists the incidents matching `query` (skipped when `undefined`), newest
 * first. `loadMore` appends the page after the last one using `nextCursor`;
 * changing the query starts again from the first page.
 */
export function useIncidentPages(
  query: ListIncidentsRequest | undefined,
): IncidentPages {
  const api = useApi(incidentsApiRef);
  const [state, setState] = useState<{
    items: Incident[];
    nextCursor?: string;
    loading: boolean;
    loadingMore: boolean;
    error?: Error;
  }>({ items: [], loading: query !== undefined, loadingMore: false });
  // Query identity by value: callers build the object on every render.
  const key = JSON.stringify(query ?? null);
  const current = useRef<AbortController>();

  useEffect(() => {
    current.current?.abort();
    if (key === 'null') {
      setState({ items: [], loading: false, loadingMore: false });
      return undefined;
    }
    const controller = new AbortController();
    current.current = controller;
    setState(s => ({
      ...s,
      loading: true,
      loadingMore: false,
      error: undefined,
    }));
    api
      .listIncidents(JSON.parse(key), { signal: controller.signal })
      .then(page => {
        if (controller.signal.aborted) return;
        setState({
          items: page.items,
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
        });
      })
      .catch(error => {
        if (controller.signal.aborted) return;
        setState({ items: [], loading: false, loadingMore: false, error });
      });
    return () => controller.abort();
  }, [api, key]);

  const loadMore = useCallback(() => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore || key === 'null') return;
    const controller = current.current;
    setState(s => ({ ...s, loadingMore: true }));
    api
      .listIncidents(
        { ...JSON.parse(key), cursor },
        { signal: controller?.signal },
      )
      .then(page => {
        if (controller?.signal.aborted) return;
        setState(s => ({
          items: [
            ...s.items,
            // A page boundary may move while incidents are declared.
            ...page.items.filter(i => !s.items.some(x => x.id === i.id)),
          ],
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
        }));
      })
      .catch(error => {
        if (controller?.signal.aborted) return;
        setState(s => ({ ...s, loadingMore: false, error }));
      });
  }, [api, key, state.nextCursor, state.loadingMore]);

  return {
    items: state.items,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    hasMore: state.nextCursor !== undefined,
    loadMore,
  };
}
