import { MarkdownContent } from '@backstage/core-components';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useState } from 'react';

const useStyles = makeStyles(theme => ({
  preview: {
    minHeight: theme.spacing(12),
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflowWrap: 'anywhere',
  },
}));

/** Properties of {@link MarkdownField}. */
export interface MarkdownFieldProps {
  id: string;
  label: string;
  placeholder?: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field, in red when `error` is set. */
  helperText?: string;
  error?: boolean;
  /** Back to the "write" tab when this changes, for example on opening. */
  resetKey?: unknown;
  /** The label of the "write" tab; default `Description`. */
  writeLabel?: string;
}

/** A markdown text field with a preview tab rendered as the incident view shows it. */
export function MarkdownField(props: MarkdownFieldProps) {
  const {
    id,
    label,
    placeholder,
    value,
    onChange,
    helperText,
    error,
    resetKey,
    writeLabel = 'Description',
  } = props;
  const classes = useStyles();
  const [tab, setTab] = useState<'write' | 'preview'>('write');

  useEffect(() => setTab('write'), [resetKey]);

  return (
    <>
      <Tabs
        value={tab}
        onChange={(_, next) => setTab(next)}
        indicatorColor="primary"
        aria-label={label}
      >
        <Tab value="write" label={writeLabel} />
        <Tab value="preview" label="Preview" />
      </Tabs>
      {tab === 'write' ? (
        <TextField
          id={id}
          label={`${label} (markdown)`}
          placeholder={placeholder}
          value={value}
          onChange={e => onChange(e.target.value)}
          multiline
          minRows={4}
          maxRows={12}
          fullWidth
          variant="outlined"
          margin="dense"
          error={error}
          helperText={helperText}
        />
      ) : (
        <div className={classes.preview}>
          {value.trim() ? (
            <MarkdownContent content={value} />
          ) : (
            <Typography color="textSecondary">Nothing to preview</Typography>
          )}
        </div>
      )}
    </>
  );
}
