import { Config } from '@backstage/config';
import { Severity } from '@bomizzel/plugin-incidents-common';

/** An explicit mapping: alerts whose labels include all of `labels` affect `entityRef`. */
export interface AlertEntityRule {
  labels: Record<string, string>;
  entityRef: string;
}

/** How alerts become incidents (`incidents.alerts`). */
export interface AlertMappingConfig {
  /** Labels whose value names the affected entity, tried in order. */
  entityLabels: string[];
  /** Explicit label → entity table, tried before the catalog's annotations. */
  entities: AlertEntityRule[];
  /** The label that carries the alert's severity. */
  severityLabel: string;
  /** Label value (lower case) → severity id. */
  severityMap: Record<string, string>;
  /** Severity of alerts without a known severity label value. */
  defaultSeverity: string;
  /** Handlebars templates over the Alertmanager group. */
  titleTemplate: string;
  descriptionTemplate: string;
  /** What happens when every alert of an incident has resolved. */
  whenAllResolved: 'RESOLVING' | 'RESOLVED' | 'none';
}

const DEFAULT_TITLE =
  '{{#if commonLabels.alertname}}{{commonLabels.alertname}}{{else}}{{groupLabels.alertname}}{{/if}}' +
  '{{#if entityTitle}} on {{entityTitle}}{{/if}}';

const DEFAULT_DESCRIPTION = `Opened from Alertmanager (receiver \`{{receiver}}\`).

{{#each alerts}}
- **{{labels.alertname}}**{{#if annotations.summary}}: {{annotations.summary}}{{/if}}{{#if annotations.description}} — {{annotations.description}}{{/if}}{{#if annotations.runbook_url}} ([runbook]({{annotations.runbook_url}})){{/if}}{{#if generatorURL}} ([source]({{generatorURL}})){{/if}}
{{/each}}`;

/** Reads `incidents.alerts`, checking severities against the configured ones. */
export function readAlertMappingConfig(
  config: Config,
  severities: readonly Severity[],
): AlertMappingConfig {
  const c = config.getOptionalConfig('incidents.alerts');
  const ids = severities.map(s => s.id);
  const known = (value: string, key: string) => {
    if (!ids.includes(value)) {
      throw new Error(
        `incidents.alerts.${key}: ${value} is not a configured severity (${ids.join(
          ', ',
        )})`,
      );
    }
    return value;
  };
  // The runbook's levels from Alertmanager's usual severity labels.
  const defaults: Record<string, string> = {};
  const fallback = ['critical', 'high', 'warning', 'info'];
  ids.slice(0, fallback.length).forEach((id, i) => {
    defaults[fallback[i]] = id;
  });
  const mapConfig = c?.getOptionalConfig('severityMap');
  const severityMap = mapConfig
    ? Object.fromEntries(
        mapConfig
          .keys()
          .map(k => [
            k.toLocaleLowerCase('en-US'),
            known(mapConfig.getString(k), `severityMap.${k}`),
          ]),
      )
    : defaults;
  const whenAllResolved = (c?.getOptionalString('whenAllResolved') ??
    'RESOLVING') as AlertMappingConfig['whenAllResolved'];
  if (!['RESOLVING', 'RESOLVED', 'none'].includes(whenAllResolved)) {
    throw new Error(
      'incidents.alerts.whenAllResolved must be RESOLVING, RESOLVED or none',
    );
  }
  return {
    entityLabels: c?.getOptionalStringArray('entityLabels') ?? [
      'service',
      'job',
    ],
    entities: (c?.getOptionalConfigArray('entities') ?? []).map(e => {
      const labels = e.getConfig('labels');
      return {
        labels: Object.fromEntries(
          labels.keys().map(k => [k, labels.getString(k)]),
        ),
        entityRef: e.getString('entityRef'),
      };
    }),
    severityLabel: c?.getOptionalString('severityLabel') ?? 'severity',
    severityMap,
    defaultSeverity: known(
      c?.getOptionalString('defaultSeverity') ??
        ids[Math.min(2, ids.length - 1)],
      'defaultSeverity',
    ),
    titleTemplate: c?.getOptionalString('titleTemplate') ?? DEFAULT_TITLE,
    descriptionTemplate:
      c?.getOptionalString('descriptionTemplate') ?? DEFAULT_DESCRIPTION,
    whenAllResolved,
  };
}
