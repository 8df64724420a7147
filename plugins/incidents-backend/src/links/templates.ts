/**
 * Link templates of the config, for example
 * `https://prom.example.com/graph?g0.expr=up{job="{{ annotations['prometheus.io/service-name'] }}"}`.
 * A placeholder is a path into the render context (`entity.metadata.name`,
 * `annotations['grafana/dashboard-selector']`, `window.from`); it is not code,
 * so a template from config can read values but never run anything.
 */
export interface UrlTemplate {
  source: string;
  parts: Array<string | { path: string[] }>;
}

const PLACEHOLDER = /\{\{\s*(.*?)\s*\}\}/g;
const SEGMENT =
  /\s*(?:\.?([A-Za-z_$][\w$-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\])/y;

function parsePath(expression: string, source: string): string[] {
  const path: string[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < expression.length) {
    const at = SEGMENT.lastIndex;
    const match = SEGMENT.exec(expression);
    const dotted = match?.[0].trimStart().startsWith('.');
    if (!match || (match[1] !== undefined && dotted !== at > 0)) {
      throw new Error(
        `incidents.links: template '${source}' has an invalid placeholder '{{ ${expression} }}' (expected a path such as entity.metadata.name or annotations['a/b'])`,
      );
    }
    path.push(match[1] ?? match[2] ?? match[3]);
  }
  if (!path.length) {
    throw new Error(`incidents.links: template '${source}' has an empty {{ }}`);
  }
  return path;
}

/** Parses a template once, at start-up, so mistakes surface early. */
export function parseTemplate(source: string): UrlTemplate {
  const parts: UrlTemplate['parts'] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    parts.push(source.slice(last, match.index));
    parts.push({ path: parsePath(match[1], source) });
    last = match.index! + match[0].length;
  }
  parts.push(source.slice(last));
  return { source, parts: parts.filter(p => p !== '') };
}

function lookup(context: unknown, path: string[]): string | undefined {
  let value: unknown = context;
  for (const key of path) {
    if (
      value === null ||
      typeof value !== 'object' ||
      !Object.prototype.hasOwnProperty.call(value, key)
    ) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Fills a template; `undefined` when any placeholder has no value, so a link
 * is never built from half its parts. `encode` is applied to each value.
 */
export function renderTemplate(
  template: UrlTemplate,
  context: object,
  encode: (value: string) => string = encodeURIComponent,
): string | undefined {
  let result = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      result += part;
      continue;
    }
    const value = lookup(context, part.path);
    if (value === undefined) {
      return undefined;
    }
    result += encode(value);
  }
  return result;
}
