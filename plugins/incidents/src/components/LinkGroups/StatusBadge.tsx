import { LinkTool, StatusSource } from '@bomizzel/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import CloudOffIcon from '@material-ui/icons/CloudOff';
import FiberManualRecordIcon from '@material-ui/icons/FiberManualRecord';
import HistoryIcon from '@material-ui/icons/History';
import Skeleton from '@material-ui/lab/Skeleton';
import { DateTime } from 'luxon';

/** The link group each live source belongs to. */
export const SOURCE_TOOL: Record<StatusSource['source'], LinkTool> = {
  'grafana-dashboards': 'grafana',
  'grafana-alerts': 'grafana',
  jaeger: 'jaeger',
  statuspage: 'statuspage',
};

/** The tools that can have a live badge, in the order of their sources. */
export const LIVE_TOOLS = new Set<LinkTool>(Object.values(SOURCE_TOOL));

const SOURCE_NOUNS: Record<StatusSource['source'], string> = {
  'grafana-dashboards': 'Dashboards',
  'grafana-alerts': 'Alerts',
  jaeger: 'Traces',
  statuspage: 'Status page',
};

type Tone = 'ok' | 'minor' | 'partial' | 'major' | 'maintenance' | 'neutral';

/** Atlassian Statuspage component statuses, with their colour. */
export const COMPONENT_STATUSES: Record<string, { label: string; tone: Tone }> =
  {
    operational: { label: 'Operational', tone: 'ok' },
    degraded_performance: { label: 'Degraded performance', tone: 'minor' },
    partial_outage: { label: 'Partial outage', tone: 'partial' },
    major_outage: { label: 'Major outage', tone: 'major' },
    under_maintenance: { label: 'Under maintenance', tone: 'maintenance' },
  };

const toneColor = (theme: Theme, tone: Tone) =>
  ({
    ok: theme.palette.success.main,
    minor: theme.palette.warning.light,
    partial: theme.palette.warning.dark,
    major: theme.palette.error.main,
    maintenance: theme.palette.info.main,
    neutral: theme.palette.text.secondary,
  }[tone]);

const useStyles = makeStyles(theme => ({
  chip: {
    maxWidth: '100%',
  },
  unavailable: {
    borderStyle: 'dashed',
    color: theme.palette.text.secondary,
  },
  skeleton: {
    display: 'inline-block',
    borderRadius: 12,
  },
}));

interface BadgeText {
  label: string;
  tone: Tone;
  detail?: string;
}

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

const listed = (names: string[]) =>
  names.length > 5
    ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
    : names.join(', ');

/** What the badges of an answered source say: one badge, or one per component. */
function badgeTexts(source: StatusSource): BadgeText[] {
  switch (source.source) {
    case 'grafana-alerts': {
      const firing =
        source.firing ??
        (source.alerts ?? []).filter(a => a.state === 'firing').length;
      const names = (source.alerts ?? [])
        .filter(a => a.state === 'firing')
        .map(a => a.name);
      return [
        {
          label: firing
            ? plural(firing, 'alert firing', 'alerts firing')
            : 'No alerts firing',
          tone: firing ? 'major' : 'ok',
          detail: names.length
            ? `Firing: ${listed(names)}`
            : 'Grafana alert rules matching the entity’s labels',
        },
      ];
    }
    case 'grafana-dashboards': {
      const dashboards = source.dashboards ?? [];
      return [
        {
          label: plural(dashboards.length, 'dashboard', 'dashboards'),
          tone: 'neutral',
          detail: dashboards.length
            ? listed(dashboards.map(d => d.title))
            : 'No dashboard matches the entity’s selector',
        },
      ];
    }
    case 'jaeger': {
      const count = source.errorTraces ?? 0;
      const lookback = source.lookback ?? '1h';
      return [
        {
          label: count
            ? `${plural(count, 'trace', 'traces')} with errors · ${lookback}`
            : `No traces with errors · ${lookback}`,
          tone: count ? 'major' : 'ok',
          detail: `Traces of ${
            source.service ?? 'the service'
          } with errors in the last ${lookback}`,
        },
      ];
    }
    case 'statuspage': {
      const components = source.components ?? [];
      if (!components.length) {
        return [{ label: 'No components', tone: 'neutral' }];
      }
      return components.map(c => {
        const known = COMPONENT_STATUSES[c.status];
        return {
          label: `${c.name}: ${known?.label ?? c.status}`,
          tone: known?.tone ?? 'neutral',
          detail: `Status-page component ${c.name}`,
        };
      });
    }
    default:
      return [];
  }
}

const updatedText = (updatedAt?: string) =>
  updatedAt
    ? ` Last answer ${
        DateTime.fromISO(updatedAt).toRelative() ??
        DateTime.fromISO(updatedAt).toISO()
      }.`
    : '';

function Badge(props: {
  label: string;
  tooltip: string;
  className: string;
  icon: JSX.Element;
}) {
  const classes = useStyles();
  return (
    <Tooltip title={props.tooltip}>
      <Chip
        size="small"
        variant="outlined"
        tabIndex={0}
        icon={props.icon}
        label={props.label}
        className={`${classes.chip} ${props.className}`}
      />
    </Tooltip>
  );
}

/**
 * The live badges of one status source: the value with its colour when the
 * source answered, marked "stale" when it is a cached answer after a failure,
 * or "unavailable"; the reason in a tooltip, reachable with the keyboard.
 */
export function StatusBadge(props: { source: StatusSource }) {
  const { source } = props;
  const classes = useStyles();
  const theme = useTheme();
  const noun = SOURCE_NOUNS[source.source] ?? source.source;
  const prefix = source.instance ? `${source.instance} · ` : '';
  if (source.state === 'unavailable') {
    return (
      <UnavailableBadge
        label={`${prefix}${noun} unavailable`}
        reason={source.reason}
      />
    );
  }
  const stale = source.state === 'stale';
  return (
    <>
      {badgeTexts(source).map(text => (
        <Badge
          key={text.label}
          label={`${prefix}${text.label}${stale ? ' · stale' : ''}`}
          tooltip={
            stale
              ? `Stale: ${
                  source.reason ?? 'the source did not answer'
                }.${updatedText(source.updatedAt)}`
              : `${text.detail ?? noun}.${updatedText(source.updatedAt)}`
          }
          className={stale ? classes.unavailable : ''}
          icon={
            stale ? (
              <HistoryIcon style={{ color: toneColor(theme, text.tone) }} />
            ) : (
              <FiberManualRecordIcon
                style={{ color: toneColor(theme, text.tone) }}
              />
            )
          }
        />
      ))}
    </>
  );
}

/** A badge for a source that has no value to show, with the reason. */
export function UnavailableBadge(props: { label: string; reason?: string }) {
  const classes = useStyles();
  return (
    <Badge
      label={props.label}
      tooltip={props.reason ?? 'The source did not answer'}
      className={classes.unavailable}
      icon={<CloudOffIcon />}
    />
  );
}

/** Stands in for a badge while its source is asked. */
export function BadgeSkeleton(props: { label: string }) {
  const classes = useStyles();
  return (
    <span role="progressbar" aria-label={props.label} aria-busy="true">
      <Skeleton
        variant="rect"
        width={120}
        height={24}
        className={classes.skeleton}
      />
    </span>
  );
}
