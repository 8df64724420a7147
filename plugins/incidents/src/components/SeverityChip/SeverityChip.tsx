import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { formatDuration, Severity } from '@bomizzel/plugin-incidents-common';
import { severityColors } from './severityColors';

/** Properties of {@link SeverityChip}. */
export interface SeverityChipProps {
  /** The incident's severity id, for example `P0`. */
  severity: string;
  /** The configured severities, most severe first; they decide the colour. */
  severities: readonly Severity[];
  /** Show the level's name after its id, `P0 · Critical`. */
  showName?: boolean;
  size?: 'small' | 'medium';
}

/** A severity level as a coloured chip, its meaning in a tooltip. */
export function SeverityChip(props: SeverityChipProps) {
  const { severity, severities, showName, size = 'small' } = props;
  const level = severities.find(s => s.id === severity);
  const colors = severityColors(severity, severities);
  const label = showName && level ? `${level.id} · ${level.name}` : severity;
  const chip = (
    <Chip
      size={size}
      label={label}
      aria-label={level ? `Severity ${level.id} ${level.name}` : severity}
      style={{
        backgroundColor: colors.background,
        color: colors.text,
        fontWeight: 600,
      }}
    />
  );
  if (!level) {
    return chip;
  }
  return (
    <Tooltip
      title={`${level.name}: ${
        level.description
      }. Respond within ${formatDuration(level.responseMinutes * 60_000)}.`}
    >
      {chip}
    </Tooltip>
  );
}
