import { IncidentStats, Severity } from '@bomizzel/plugin-incidents-common';
import { useTheme } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { severityColors } from '../SeverityChip';

/** Incidents per month (the last 12 by default), stacked by severity. */
export function IncidentTrendChart(props: {
  monthly: IncidentStats['monthly'];
  severities: Severity[];
}) {
  const { monthly, severities } = props;
  const theme = useTheme();
  // Levels missing from the configuration (renamed since) still count.
  const ids = [
    ...severities.map(s => s.id),
    ...[...new Set(monthly.flatMap(m => Object.keys(m.bySeverity)))].filter(
      id => !severities.some(s => s.id === id),
    ),
  ];
  const data = monthly.map(m => ({
    month: DateTime.fromISO(m.month, { zone: 'utc' }).toFormat("LLL ''yy"),
    total: m.total,
    ...Object.fromEntries(ids.map(id => [id, m.bySeverity[id] ?? 0])),
  }));
  const describe = `Incidents per month, last ${
    monthly.length
  } months: ${monthly.map(m => `${m.month} ${m.total}`).join(', ')}`;

  return (
    <div
      role="img"
      aria-label={describe}
      style={{ width: '100%', height: 220 }}
    >
      <ResponsiveContainer>
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
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
            allowDecimals={false}
            tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
          />
          <Tooltip
            cursor={{ fill: theme.palette.action.hover }}
            contentStyle={{
              backgroundColor: theme.palette.background.paper,
              borderColor: theme.palette.divider,
              color: theme.palette.text.primary,
            }}
            formatter={(value: number, name: string) => [value, name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {ids.map(id => (
            <Bar
              key={id}
              dataKey={id}
              name={id}
              stackId="severity"
              fill={severityColors(id, severities).background}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
