import Tooltip from '@material-ui/core/Tooltip';
import { DateTime } from 'luxon';

/** Properties of {@link IncidentTime}. */
export interface IncidentTimeProps {
  /** ISO time. */
  time: string;
  /** Text before the relative time, for example `Declared`. */
  prefix?: string;
}

/** The absolute form of an ISO time, with the time zone: `27 Nov 2026, 14:05:09 CET`. */
export function formatAbsoluteTime(time: string): string {
  return DateTime.fromISO(time).toLocaleString({
    ...DateTime.DATETIME_MED_WITH_SECONDS,
    timeZoneName: 'short',
  });
}

/** A time relative to now ("3 hours ago"), the absolute time on hover. */
export function IncidentTime(props: IncidentTimeProps) {
  const { time, prefix } = props;
  const dateTime = DateTime.fromISO(time);
  const relative = dateTime.toRelative() ?? time;
  return (
    <Tooltip title={formatAbsoluteTime(time)}>
      <time dateTime={time} style={{ whiteSpace: 'nowrap' }}>
        {prefix ? `${prefix} ${relative}` : relative}
      </time>
    </Tooltip>
  );
}
