import {
  INCIDENT_STATUSES,
  IncidentStatus,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import InputAdornment from '@material-ui/core/InputAdornment';
import InputLabel from '@material-ui/core/InputLabel';
import ListItemText from '@material-ui/core/ListItemText';
import OutlinedInput from '@material-ui/core/OutlinedInput';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { STATUS_LABELS } from '../IncidentStatus';
import {
  IncidentFilterValues,
  TIME_RANGES,
  TimeRange,
} from './useIncidentFilters';

const SEARCH_DEBOUNCE_MS = 400;

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  search: {
    flex: '1 1 260px',
    maxWidth: 420,
  },
  select: {
    minWidth: 170,
  },
}));

function MultiSelect(props: {
  id: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  value: string[];
  onChange(value: string[]): void;
}) {
  const { id, label, options, value, onChange } = props;
  const classes = useStyles();
  const labelOf = (v: string) => options.find(o => o.value === v)?.label ?? v;
  return (
    <FormControl variant="outlined" size="small" className={classes.select}>
      {/* Shrunk: the empty selection reads "All" in the field. */}
      <InputLabel id={`${id}-label`} shrink>
        {label}
      </InputLabel>
      <Select
        labelId={`${id}-label`}
        id={id}
        multiple
        displayEmpty
        input={<OutlinedInput notched label={label} />}
        value={value}
        onChange={e => onChange(e.target.value as string[])}
        renderValue={selected =>
          (selected as string[]).length
            ? (selected as string[]).map(labelOf).join(', ')
            : 'All'
        }
      >
        {options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            <Checkbox
              size="small"
              color="primary"
              checked={value.includes(option.value)}
            />
            <ListItemText primary={option.label} />
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Status, severity, time range and text filters of the incident list. */
export function IncidentFilters(props: {
  filters: IncidentFilterValues;
  severities: Severity[];
  onChange(changes: Partial<IncidentFilterValues>): void;
}) {
  const { filters, severities, onChange } = props;
  const classes = useStyles();
  const [text, setText] = useState(filters.q);

  // Follows the URL when it changes elsewhere (back button, "Clear filters").
  useEffect(() => setText(filters.q), [filters.q]);
  useDebounce(
    () => {
      if (text.trim() !== filters.q) onChange({ q: text.trim() });
    },
    SEARCH_DEBOUNCE_MS,
    [text],
  );

  const filtered =
    filters.status.length > 0 ||
    filters.severity.length > 0 ||
    filters.range !== 'all' ||
    filters.q !== '';

  return (
    <div className={classes.root} role="search" aria-label="Filter incidents">
      <TextField
        className={classes.search}
        id="incidents-search"
        label="Search"
        placeholder="Title or description"
        variant="outlined"
        size="small"
        value={text}
        onChange={e => setText(e.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
        }}
        inputProps={{ maxLength: 200 }}
      />
      <MultiSelect
        id="incidents-status"
        label="Status"
        options={INCIDENT_STATUSES.map(s => ({
          value: s,
          label: STATUS_LABELS[s],
        }))}
        value={filters.status}
        onChange={status => onChange({ status: status as IncidentStatus[] })}
      />
      <MultiSelect
        id="incidents-severity"
        label="Severity"
        options={severities.map(s => ({
          value: s.id,
          label: `${s.id} · ${s.name}`,
        }))}
        value={filters.severity}
        onChange={severity => onChange({ severity })}
      />
      <TextField
        id="incidents-range"
        select
        label="Time range"
        variant="outlined"
        size="small"
        className={classes.select}
        value={filters.range}
        onChange={e => onChange({ range: e.target.value as TimeRange })}
      >
        {Object.entries(TIME_RANGES).map(([value, { label }]) => (
          <MenuItem key={value} value={value}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      {filtered && (
        <Button
          onClick={() => {
            setText('');
            onChange({ status: [], severity: [], range: 'all', q: '' });
          }}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
