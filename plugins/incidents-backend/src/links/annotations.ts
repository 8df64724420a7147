import { Entity } from '@backstage/catalog-model';
import { LOOKBACK_PATTERN, STATUSPAGE_ID_PATTERN } from './config';

/** The catalog annotations this feature reads (see the README). */
export const ANNOTATIONS = {
  dashboardSelector: 'grafana/dashboard-selector',
  overviewDashboard: 'grafana/overview-dashboard',
  alertLabelSelector: 'grafana/alert-label-selector',
  jaegerService: 'jaegertracing.io/service',
  jaegerOperation: 'jaegertracing.io/operation',
  jaegerLookback: 'jaegertracing.io/lookback',
  jaegerLimit: 'jaegertracing.io/limit',
  statuspageComponents: 'statuspage.io/components',
} as const;

/** An annotation whose value cannot be used, with the reason for a person. */
export class AnnotationError extends Error {
  constructor(annotation: string, value: string, why: string) {
    super(`${annotation}: '${value}' ${why}`);
    this.name = 'AnnotationError';
  }
}

// Values go into upstream URLs: allow-lists first (no `..`, no query or
// fragment characters), encodeURIComponent after.
const TAG = /^(?!.*\.\.)[\w .:/@+-]{1,100}$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const LABEL_VALUE = /^(?!.*\.\.)[\w .:/@+-]{1,200}$/;
const SERVICE = /^(?!.*\.\.)[\w .:/@+-]{1,200}$/;
const MAX_ALTERNATIVES = 10;

export function annotationOf(entity: Entity, name: string): string | undefined {
  const value = entity.metadata.annotations?.[name]?.trim();
  return value ? value : undefined;
}

/**
 * A Grafana dashboard selector — a tag, or an expression such as
 * `(tags @> 'a' || tags @> 'b') && tags @> 'generated'` — as alternatives of
 * tags that must all be present (each one a Grafana search).
 */
export function parseDashboardSelector(selector: string): string[][] {
  const fail = (why: string) =>
    new AnnotationError(ANNOTATIONS.dashboardSelector, selector, why);
  const checkTag = (tag: string) => {
    if (!TAG.test(tag)) {
      throw fail(`has a tag '${tag}' outside letters, digits and ' .:/@+-_'`);
    }
    return tag;
  };
  if (!selector.includes('@>')) {
    return [[checkTag(selector.trim())]];
  }
  const tokens: string[] = [];
  const token = /\s*(?:(\(|\)|\|\||&&)|tags\s*@>\s*'([^']*)')/y;
  while (token.lastIndex < selector.length) {
    if (/^\s*$/.test(selector.slice(token.lastIndex))) {
      break;
    }
    const match = token.exec(selector);
    if (!match) {
      throw fail(`is not a tag expression (near character ${token.lastIndex})`);
    }
    tokens.push(match[1] ?? `'${checkTag(match[2])}`);
  }
  let at = 0;
  function expression(): string[][] {
    let result = conjunction();
    while (tokens[at] === '||') {
      at++;
      result = [...result, ...conjunction()];
    }
    return result;
  }
  function conjunction(): string[][] {
    let result = factor();
    while (tokens[at] === '&&') {
      at++;
      const right = factor();
      result = result.flatMap(l => right.map(r => [...l, ...r]));
    }
    return result;
  }
  function factor(): string[][] {
    const current = tokens[at++];
    if (current === '(') {
      const inner = expression();
      if (tokens[at++] !== ')') {
        throw fail('has an unclosed parenthesis');
      }
      return inner;
    }
    if (current?.startsWith("'")) {
      return [[current.slice(1)]];
    }
    throw fail('is not a tag expression');
  }
  const result = expression();
  if (at !== tokens.length) {
    throw fail('is not a tag expression');
  }
  if (result.length > MAX_ALTERNATIVES) {
    throw fail(`has more than ${MAX_ALTERNATIVES} alternatives`);
  }
  return result.map(tags => [...new Set(tags)]);
}

/** `service=orders,env=prod` as label name → value. */
export function parseLabelSelector(selector: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of selector.split(',')) {
    const [name, value, ...rest] = pair.split('=').map(s => s.trim());
    if (
      rest.length ||
      !LABEL_NAME.test(name ?? '') ||
      !LABEL_VALUE.test(value ?? '')
    ) {
      throw new AnnotationError(
        ANNOTATIONS.alertLabelSelector,
        selector,
        `is not a list of label=value pairs (label names [A-Za-z_][A-Za-z0-9_]*, values of letters, digits and ' .:/@+-_')`,
      );
    }
    labels[name] = value;
  }
  return labels;
}

/** `instance:id,id` (the instance may be left out when only one page is configured). */
export function parseStatuspageComponents(value: string): {
  instance?: string;
  ids: string[];
} {
  const colon = value.indexOf(':');
  const instance = colon >= 0 ? value.slice(0, colon).trim() : undefined;
  const ids = value
    .slice(colon + 1)
    .split(',')
    .map(s => s.trim());
  if (!ids.every(id => STATUSPAGE_ID_PATTERN.test(id))) {
    throw new AnnotationError(
      ANNOTATIONS.statuspageComponents,
      value,
      'is not <page>:<component id>,<component id> with alphanumeric ids',
    );
  }
  return { instance, ids };
}

export function checkJaegerService(service: string): string {
  if (!SERVICE.test(service)) {
    throw new AnnotationError(
      ANNOTATIONS.jaegerService,
      service,
      "has characters outside letters, digits and ' .:/@+-_'",
    );
  }
  return service;
}

export function checkLookback(lookback: string): string {
  if (!LOOKBACK_PATTERN.test(lookback)) {
    throw new AnnotationError(
      ANNOTATIONS.jaegerLookback,
      lookback,
      'is not a duration such as 1h, 30m or 2d',
    );
  }
  return lookback;
}

/** Milliseconds of a lookback such as `1h`. */
export function lookbackMs(lookback: string): number {
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[lookback.slice(-1)];
  return Number(lookback.slice(0, -1)) * (unit ?? 3_600_000);
}
