import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { makeStyles } from '@material-ui/core/styles';
import { CatalogEntityPicker } from '../CatalogEntityPicker';
import { TREND_MONTHS, TrendsFilters } from './useTrendsFilters';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'grid',
    gridTemplateColumns: 'minmax(200px, 1fr) minmax(200px, 1fr) 160px',
    gap: theme.spacing(2),
    alignItems: 'end',
    marginBottom: theme.spacing(3),
    [theme.breakpoints.down('xs')]: {
      gridTemplateColumns: '1fr',
    },
  },
}));

/** Team, system and period of the incidents page. */
export function TrendsFilterBar(props: {
  filters: TrendsFilters;
  onChange(changes: Partial<TrendsFilters>): void;
}) {
  const { filters, onChange } = props;
  const classes = useStyles();
  return (
    <div className={classes.bar} role="group" aria-label="Filters">
      <CatalogEntityPicker
        id="incidents-team"
        label="Team"
        kinds={['Group']}
        value={filters.team}
        onChange={team => onChange({ team })}
      />
      <CatalogEntityPicker
        id="incidents-system"
        label="System"
        kinds={['System']}
        value={filters.system}
        onChange={system => onChange({ system })}
      />
      <FormControl>
        <InputLabel id="incidents-months-label">Period</InputLabel>
        <Select
          labelId="incidents-months-label"
          id="incidents-months"
          value={filters.months}
          onChange={e => onChange({ months: Number(e.target.value) })}
        >
          {TREND_MONTHS.map(months => (
            <MenuItem key={months} value={months}>
              Last {months} months
            </MenuItem>
          ))}
        </Select>
      </FormControl>
    </div>
  );
}
