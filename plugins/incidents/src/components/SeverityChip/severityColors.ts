import { amber, blue, blueGrey, orange, red } from '@material-ui/core/colors';
import { Severity } from '@bomizzel/plugin-incidents-common';

/** Background and text colour of a severity level. */
export interface SeverityColors {
  background: string;
  text: string;
}

// By position in the configured list, most severe first, so that renamed or
// added levels still read from hot to cold: red, orange, amber, blue, grey.
const LEVELS: SeverityColors[] = [
  { background: red[700], text: '#fff' },
  { background: orange[800], text: '#fff' },
  { background: amber[500], text: 'rgba(0, 0, 0, 0.87)' },
  { background: blue[600], text: '#fff' },
];
const LOWER: SeverityColors = { background: blueGrey[500], text: '#fff' };
const UNKNOWN: SeverityColors = { background: blueGrey[100], text: '#000' };

/** The colours of `severityId` from its index in the configured severities. */
export function severityColors(
  severityId: string,
  severities: readonly Severity[],
): SeverityColors {
  const index = severities.findIndex(s => s.id === severityId);
  if (index < 0) {
    return UNKNOWN;
  }
  return LEVELS[index] ?? LOWER;
}
