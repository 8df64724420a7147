import {
  formatDuration,
  IncidentTrends,
} from '@bomizzel/plugin-incidents-common';
import { useTheme } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartDataTable } from './DataTable';
import { durationTicks, formatAxisDuration } from './durationAxis';

const orNone = (ms: number | null) => (ms === null ? '–' : formatDuration(ms));

/**
 * Median and 90th percentile of one response time per month: time to
 * acknowledge or time to resolve.
 */
export function ResponseTimeChart(props: {
  monthly: IncidentTrends['monthly'];
  metric: 'mtta' | 'mttr';
  title: string;
}) {
  const { monthly, metric, title } = props;
  const theme = useTheme();
  const data = monthly.map(m => ({
    month: DateTime.fromISO(m.month, { zone: 'utc' }).toFormat('LLL yy'),
    median: m[metric].median,
    p90: m[metric].p90,
  }));
  // Whole minutes, hours or days apart, labelled `45m`, `2h`: the axis is
  // narrow and recharts wraps a label wider than it.
  const ticks = durationTicks(
    Math.max(0, ...data.flatMap(d => [d.median ?? 0, d.p90 ?? 0])),
  );
  return (
    <>
      <div role="img" aria-label={title} style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              vertical={false}
              stroke={theme.palette.divider}
            />
            <XAxis
              dataKey="month"
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              interval="preserveStartEnd"
            />
            <YAxis
              ticks={ticks}
              domain={[0, ticks[ticks.length - 1]]}
              interval={0}
              tickFormatter={formatAxisDuration}
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              width={44}
            />
            <Tooltip
              formatter={(ms: number, name: string) => [orNone(ms), name]}
              contentStyle={{
                backgroundColor: theme.palette.background.paper,
                borderColor: theme.palette.divider,
                color: theme.palette.text.primary,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line
              type="monotone"
              dataKey="median"
              name="Median"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="p90"
              name="90th percentile"
              stroke={theme.palette.secondary.main}
              strokeDasharray="5 3"
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ChartDataTable
        caption={title}
        headers={['Month', 'Median', '90th percentile', 'Incidents']}
        rows={monthly.map(m => [
          m.month,
          orNone(m[metric].median),
          orNone(m[metric].p90),
          m[metric].count,
        ])}
      />
    </>
  );
}
