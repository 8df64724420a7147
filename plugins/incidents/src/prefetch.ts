/**
 * Loads the Incidents tab's code once the browser is idle. The overview card
 * calls it when it is shown, so that switching from the overview to the tab
 * waits for the tab's data, not for its code.
 */
export function prefetchIncidentsTab(): void {
  const load = () => {
    import('./components/EntityIncidentsContent').catch(() => {
      // A failed prefetch costs nothing: the tab loads its code when opened.
    });
  };
  if (typeof window === 'undefined') return;
  if (typeof window.requestIdleCallback === 'function') {
    window.requestIdleCallback(load, { timeout: 2000 });
  } else {
    window.setTimeout(load, 500);
  }
}
