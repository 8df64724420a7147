import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles({
  // Readable by screen readers and tests, not drawn: the chart shows it.
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0, 0, 0, 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/** The numbers behind a chart, as a table for assistive technology. */
export function ChartDataTable(props: {
  caption: string;
  headers: string[];
  rows: ReactNode[][];
}) {
  const classes = useStyles();
  return (
    <table className={classes.hidden}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map(h => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={j}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
