import { CopyTextButton } from '@backstage/core-components';
import { makeStyles, useTheme } from '@material-ui/core/styles';
// Loads the typings, which declare the per-file modules imported below.
import type {} from 'react-syntax-highlighter';
import SyntaxHighlighter from 'react-syntax-highlighter/dist/esm/prism-light';
import bash from 'react-syntax-highlighter/dist/esm/languages/prism/bash';
import javascript from 'react-syntax-highlighter/dist/esm/languages/prism/javascript';
import json from 'react-syntax-highlighter/dist/esm/languages/prism/json';
import sql from 'react-syntax-highlighter/dist/esm/languages/prism/sql';
import typescript from 'react-syntax-highlighter/dist/esm/languages/prism/typescript';
import yaml from 'react-syntax-highlighter/dist/esm/languages/prism/yaml';
import oneDark from 'react-syntax-highlighter/dist/esm/styles/prism/one-dark';
import oneLight from 'react-syntax-highlighter/dist/esm/styles/prism/one-light';

// Registered up front (not loaded lazily): a code block that grows after the
// page scrolled to a deep-linked heading would push the heading away.
const LANGUAGES = { bash, javascript, json, sql, typescript, yaml };
for (const [name, grammar] of Object.entries(LANGUAGES)) {
  SyntaxHighlighter.registerLanguage(name, grammar);
}

// Fence labels runbooks use, by the grammar that reads them.
const LANGUAGE_ALIASES: Record<string, keyof typeof LANGUAGES> = {
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  yml: 'yaml',
  js: 'javascript',
  ts: 'typescript',
  psql: 'sql',
};

const useStyles = makeStyles(theme => ({
  block: {
    position: 'relative',
    margin: theme.spacing(1, 0, 2),
    '& pre': {
      margin: '0 !important',
      // Room for the copy button over the first line.
      paddingRight: `${theme.spacing(7)}px !important`,
      borderRadius: theme.shape.borderRadius,
    },
  },
  copy: {
    position: 'absolute',
    top: theme.spacing(0.5),
    right: theme.spacing(0.5),
  },
}));

/** Properties of {@link CodeBlock}. */
export interface CodeBlockProps {
  /** The code, as it is copied. */
  text: string;
  /** The fence's language (` ```bash `), if any. */
  language?: string;
}

/**
 * A fenced code block of a runbook: syntax highlighted, with a button that
 * copies exactly the block's text (Enter or Space when it has the focus).
 */
export function CodeBlock(props: CodeBlockProps) {
  const { text, language } = props;
  const classes = useStyles();
  const theme = useTheme();
  const lang = language?.toLocaleLowerCase('en-US');
  const grammar = lang && (LANGUAGE_ALIASES[lang] ?? lang);
  const label = lang ? `${lang} code` : 'code';
  return (
    <div className={classes.block} role="group" aria-label={label}>
      <SyntaxHighlighter
        language={grammar && grammar in LANGUAGES ? grammar : 'text'}
        style={theme.palette.type === 'dark' ? oneDark : oneLight}
      >
        {text}
      </SyntaxHighlighter>
      <div className={classes.copy}>
        <CopyTextButton
          text={text}
          aria-label={`Copy the ${label}`}
          tooltipText="Copied"
          tooltipDelay={2000}
        />
      </div>
    </div>
  );
}
