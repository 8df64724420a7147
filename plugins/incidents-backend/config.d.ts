export interface Config {
  /** Configuration of the Bomizzel incidents suite. */
  incidents?: {
    /**
     * Seed a year of example incidents for the example catalog on start-up
     * (once; marked as demo data). For development portals only.
     */
    demoData?: boolean;
    /**
     * The runbook's communication templates (Handlebars, no HTML escaping),
     * rendered from an incident. Variables: ref, severity, title, status,
     * impact, started, commander, progress, resolution, duration, entities,
     * updateIntervalMinutes.
     */
    messages?: {
      initial?: string;
      update?: string;
      resolution?: string;
      /** Promised minutes between status updates. Default 30. */
      updateIntervalMinutes?: number;
    };
    /**
     * The severity levels of the incident process, most severe first.
     * Defaults to the Bomizzel runbook's P0 (15 min), P1 (1 h), P2 (4 h) and P3 (24 h).
     */
    severities?: Array<{
      /** Short id used in the API and stored with each incident, for example `P0`. */
      id: string;
      /** Human name, for example `Critical`. */
      name: string;
      /** What the level means. */
      description: string;
      /** Typical situations at this level. */
      examples?: string[];
      /** Minutes from detection within which an incident must be acknowledged. */
      responseMinutes: number;
    }>;
  };
}
