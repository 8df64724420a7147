import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import LinkIcon from '@material-ui/icons/Link';
import { createElement, ReactNode, useMemo } from 'react';
import ReactMarkdown, { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from './CodeBlock';
import { HastNode, rehypeHeadingIds, textOf } from './headingIds';
import { resolveRunbookLink, runbookHref, safeUri } from '../../runbookHref';

const useStyles = makeStyles(theme => ({
  markdown: {
    ...theme.typography.body1,
    overflowWrap: 'anywhere',
    '& h1, & h2, & h3, & h4, & h5, & h6': {
      // Clear of the page header when jumped to.
      scrollMarginTop: theme.spacing(3),
      margin: 0,
    },
    '& h1': theme.typography.h3,
    '& h2': theme.typography.h4,
    '& h3': theme.typography.h5,
    '& h4, & h5, & h6': theme.typography.h6,
    '& table': {
      borderCollapse: 'collapse',
      margin: theme.spacing(1, 0, 2),
      display: 'block',
      overflowX: 'auto',
    },
    '& th, & td': {
      border: `1px solid ${theme.palette.divider}`,
      padding: theme.spacing(0.75, 1.5),
      textAlign: 'left',
    },
    '& th': { backgroundColor: theme.palette.background.default },
    '& :not(pre) > code': {
      fontFamily: 'monospace',
      fontSize: '0.9em',
      padding: theme.spacing(0.25, 0.5),
      borderRadius: theme.shape.borderRadius,
      backgroundColor: theme.palette.action.hover,
    },
    '& blockquote': {
      margin: theme.spacing(1, 0),
      padding: theme.spacing(0, 2),
      borderLeft: `4px solid ${theme.palette.divider}`,
      color: theme.palette.text.secondary,
    },
    '& li.task-list-item': { listStyle: 'none' },
    '& li.task-list-item input': { marginRight: theme.spacing(1) },
    '& img': { maxWidth: '100%' },
  },
  heading: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    margin: theme.spacing(3, 0, 1),
    '&:hover $anchor, & $anchor:focus': { opacity: 1 },
  },
  // A rule under the whole row of a section heading, as on GitHub.
  sectionRow: {
    paddingBottom: theme.spacing(0.5),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  anchor: {
    opacity: 0,
    color: theme.palette.text.secondary,
    '& svg': { verticalAlign: 'middle' },
  },
}));

/** Properties of {@link RunbookMarkdown}. */
export interface RunbookMarkdownProps {
  /** The runbook's markdown, front matter removed. */
  markdown: string;
  /** The runbook's path, to resolve its relative links against. */
  path: string;
  /** Where runbooks open in this part of the portal (`/runbooks`). */
  basePath: string;
}

type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * A runbook's GitHub-flavoured markdown: tables, task lists, highlighted code
 * with a copy button, headings with anchors, links between runbooks kept in
 * the portal. Raw HTML is never interpreted (no rehype-raw): it shows as text.
 * Only http(s), mailto and tel links are links at all.
 */
export function RunbookMarkdown(props: RunbookMarkdownProps) {
  const { markdown, path, basePath } = props;
  const classes = useStyles();

  const components = useMemo((): Components => {
    const heading =
      (level: HeadingLevel) =>
      ({
        id,
        node,
        children,
      }: {
        id?: string;
        node: HastNode;
        children?: ReactNode;
      }) =>
        (
          <div
            className={
              level === 2
                ? `${classes.heading} ${classes.sectionRow}`
                : classes.heading
            }
          >
            {createElement(`h${level}`, { id }, children)}
            {id && (
              <a
                className={classes.anchor}
                href={`#${id}`}
                aria-label={`Link to the section ${textOf(node)}`}
              >
                <LinkIcon fontSize="small" />
              </a>
            )}
          </div>
        );

    return {
      h1: heading(1),
      h2: heading(2),
      h3: heading(3),
      h4: heading(4),
      h5: heading(5),
      h6: heading(6),
      pre: ({ node }) => {
        const code = node.children.find(
          child => child.type === 'element' && child.tagName === 'code',
        );
        const className =
          code?.type === 'element' ? code.properties?.className : undefined;
        const language = (Array.isArray(className) ? className : [])
          .map(String)
          .find(name => name.startsWith('language-'))
          ?.slice('language-'.length);
        const text = code ? textOf(code).replace(/\n$/, '') : '';
        return <CodeBlock text={text} language={language} />;
      },
      a: ({ href, children }) => {
        const target = resolveRunbookLink(path, href);
        switch (target.type) {
          case 'anchor':
            return <a href={target.hash}>{children}</a>;
          case 'runbook':
            return (
              <Link to={runbookHref(basePath, target.path, target.hash)}>
                {children}
              </Link>
            );
          case 'external':
            return <Link to={target.href}>{children}</Link>;
          default:
            return <span>{children}</span>;
        }
      },
      img: ({ src, alt }) => {
        // Images from the web only; relative ones are repository files.
        const target = resolveRunbookLink(path, src);
        return target.type === 'external' && /^https?:/i.test(target.href) ? (
          <img src={target.href} alt={alt ?? ''} />
        ) : (
          <span>{alt}</span>
        );
      },
    };
  }, [classes, path, basePath]);

  return (
    <div className={classes.markdown}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeHeadingIds]}
        transformLinkUri={safeUri}
        transformImageUri={safeUri}
        components={components}
      >
        {markdown}
      </ReactMarkdown>
    </div>
  );
}
