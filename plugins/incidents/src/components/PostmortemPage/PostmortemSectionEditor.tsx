import { InfoCard, MarkdownContent } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { PostmortemSection } from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { MarkdownField } from '../MarkdownField';
import { IncidentTime } from '../IncidentTime';

const useStyles = makeStyles(theme => ({
  prompts: {
    margin: theme.spacing(0, 0, 1),
    paddingLeft: theme.spacing(3),
    color: theme.palette.text.secondary,
  },
  author: { marginTop: theme.spacing(1) },
  error: { outline: `2px solid ${theme.palette.error.main}` },
}));

/** The runbook's questions of a section, as a list. */
export function SectionPrompts(props: { prompts: string[] }) {
  const classes = useStyles();
  return (
    <ul className={classes.prompts} aria-label="Questions to answer">
      {props.prompts.map(prompt => (
        <Typography component="li" variant="body2" key={prompt}>
          {prompt}
        </Typography>
      ))}
    </ul>
  );
}

/** Properties of {@link PostmortemSectionEditor}. */
export interface PostmortemSectionEditorProps {
  /** `1.` … `4.`: the template's numbering. */
  number: number;
  section: PostmortemSection;
  value: string;
  onChange(value: string): void;
  /** Published post-mortems are shown, not edited. */
  readOnly?: boolean;
  /** Why the server refused the section, shown under it. */
  error?: string;
  /** Said when nobody wrote the section yet. */
  unwrittenText?: ReactNode;
}

/**
 * One section of the post-mortem: the runbook's questions, a markdown editor
 * with a preview, and who wrote it last and when.
 */
export function PostmortemSectionEditor(props: PostmortemSectionEditorProps) {
  const { number, section, value, onChange, readOnly, error, unwrittenText } =
    props;
  const classes = useStyles();
  const title = `${number}. ${section.title}`;
  return (
    <section aria-label={section.title} className={error ? classes.error : ''}>
      <InfoCard title={title}>
        <SectionPrompts prompts={section.prompts} />
        {readOnly ? (
          <MarkdownContent content={value || '_Not written._'} />
        ) : (
          <MarkdownField
            id={`postmortem-${section.id}`}
            label={section.title}
            writeLabel="Write"
            placeholder={section.prompts.join('\n')}
            value={value}
            onChange={onChange}
            error={!!error}
            helperText={error}
          />
        )}
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          className={classes.author}
        >
          {section.updatedBy && section.updatedAt ? (
            <>
              Last written by{' '}
              <EntityRefLink entityRef={section.updatedBy} defaultKind="user" />{' '}
              <IncidentTime time={section.updatedAt} />
            </>
          ) : (
            unwrittenText ?? 'Not written yet'
          )}
        </Typography>
      </InfoCard>
    </section>
  );
}
