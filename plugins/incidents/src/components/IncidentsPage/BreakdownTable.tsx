import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  formatDuration,
  IncidentDurationStats,
} from '@bomizzel/plugin-incidents-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  bar: {
    height: 6,
    borderRadius: 3,
    backgroundColor: theme.palette.primary.main,
    marginTop: theme.spacing(0.5),
  },
  number: { whiteSpace: 'nowrap' },
  // One line each, kept short: the entity column gives way instead.
  head: {
    whiteSpace: 'nowrap',
    '& abbr': { textDecoration: 'none', cursor: 'help' },
  },
  note: { paddingBottom: 0 },
}));

export interface BreakdownRow {
  entityRef: string;
  total: number;
  mtta?: IncidentDurationStats;
  mttr?: IncidentDurationStats;
}

const median = (stats?: IncidentDurationStats) =>
  stats?.median === null || stats?.median === undefined
    ? '–'
    : formatDuration(stats.median);

/**
 * Incidents per team, system or entity, with a bar for the count and the
 * median response times where known.
 */
export function BreakdownTable(props: {
  caption: string;
  entityLabel: string;
  defaultKind: string;
  rows: BreakdownRow[];
}) {
  const { caption, entityLabel, defaultKind, rows } = props;
  const classes = useStyles();
  if (!rows.length) {
    return (
      <Typography color="textSecondary">
        No incidents in this period.
      </Typography>
    );
  }
  const max = Math.max(...rows.map(r => r.total));
  const withTimes = rows.some(r => r.mtta || r.mttr);
  return (
    <Table size="small" aria-label={caption}>
      {withTimes && (
        <caption className={classes.note}>
          MTTA and MTTR: the median times to acknowledge and to resolve.
        </caption>
      )}
      <TableHead>
        <TableRow>
          <TableCell className={classes.head}>{entityLabel}</TableCell>
          <TableCell align="right" className={classes.head}>
            Incidents
          </TableCell>
          {withTimes && (
            <TableCell align="right" className={classes.head}>
              <abbr title="Median time to acknowledge">MTTA</abbr>
            </TableCell>
          )}
          {withTimes && (
            <TableCell align="right" className={classes.head}>
              <abbr title="Median time to resolve">MTTR</abbr>
            </TableCell>
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.entityRef}>
            <TableCell>
              <EntityRefLink
                entityRef={row.entityRef}
                defaultKind={defaultKind}
              />
              <div
                className={classes.bar}
                style={{ width: `${(row.total / max) * 100}%` }}
                aria-hidden
              />
            </TableCell>
            <TableCell align="right" className={classes.number}>
              {row.total}
            </TableCell>
            {withTimes && (
              <TableCell align="right" className={classes.number}>
                {median(row.mtta)}
              </TableCell>
            )}
            {withTimes && (
              <TableCell align="right" className={classes.number}>
                {median(row.mttr)}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
