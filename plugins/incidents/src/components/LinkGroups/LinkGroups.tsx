import { Link } from '@backstage/core-components';
import {
  LinkGroup,
  LinkTool,
  ObservabilityLink,
  StatusSource,
} from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useId } from 'react';
import { messageOf } from '../../api/errors';
import {
  BadgeSkeleton,
  LIVE_TOOLS,
  SOURCE_TOOL,
  StatusBadge,
  UnavailableBadge,
} from './StatusBadge';
import { TOOL_TITLES, ToolIcon } from './ToolIcon';

const useStyles = makeStyles(theme => ({
  groups: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  title: {
    fontWeight: 600,
  },
  badges: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.75),
    margin: theme.spacing(0.75, 0, 0, 3.5),
  },
  list: {
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0, 3.5),
    padding: 0,
    '& li': {
      padding: theme.spacing(0.25, 0),
      overflowWrap: 'anywhere',
    },
  },
  meta: {
    color: theme.palette.text.secondary,
    marginLeft: theme.spacing(1),
    fontSize: theme.typography.caption.fontSize,
  },
}));

/** What is known of the live status: asked, answered, or failed as a whole. */
export interface LiveStatus {
  loading: boolean;
  error?: unknown;
  sources?: StatusSource[];
}

/** Only web links are followed: a `javascript:` or `data:` URL is dropped. */
export function isWebUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

function LiveBadges(props: {
  tool: LinkTool;
  title: string;
  live: LiveStatus;
}) {
  const { tool, title, live } = props;
  if (live.loading) {
    return <BadgeSkeleton label={`Loading the live status of ${title}`} />;
  }
  if (live.error) {
    return (
      <UnavailableBadge
        label="Live status unavailable"
        reason={messageOf(live.error)}
      />
    );
  }
  return (
    <>
      {(live.sources ?? [])
        .filter(source => SOURCE_TOOL[source.source] === tool)
        .map((source, i) => (
          <StatusBadge key={`${source.source}-${i}`} source={source} />
        ))}
    </>
  );
}

function Group(props: {
  group: LinkGroup;
  live?: LiveStatus;
  headingLevel: 'h3' | 'h4';
}) {
  const { group, live, headingLevel } = props;
  const classes = useStyles();
  const headingId = useId();
  const links = group.links.filter(link => isWebUrl(link.url));
  const title = group.title || TOOL_TITLES[group.tool] || group.tool;
  const showBadges =
    live &&
    LIVE_TOOLS.has(group.tool) &&
    (live.loading ||
      !!live.error ||
      live.sources?.some(s => SOURCE_TOOL[s.source] === group.tool));
  return (
    <section aria-labelledby={headingId}>
      <div className={classes.header}>
        <ToolIcon tool={group.tool} />
        <Typography
          id={headingId}
          variant="body1"
          component={headingLevel}
          className={classes.title}
        >
          {title}
        </Typography>
      </div>
      {showBadges && (
        <div
          className={classes.badges}
          role="group"
          aria-label={`Live status of ${title}`}
        >
          <LiveBadges tool={group.tool} title={title} live={live} />
        </div>
      )}
      {links.length > 0 && (
        <ul className={classes.list} aria-label={`${title} links`}>
          {links.map((link: ObservabilityLink) => (
            <li key={`${link.url}\n${link.title}`}>
              <Link to={link.url} externalLinkIcon>
                {link.title}
              </Link>
              {(link.kind || link.instance) && (
                <span className={classes.meta}>
                  {[link.instance, link.kind].filter(Boolean).join(' · ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Properties of {@link LinkGroups}. */
export interface LinkGroupsProps {
  groups: LinkGroup[];
  /** Live badges beside the groups of tools that have them; none when absent. */
  live?: LiveStatus;
  headingLevel?: 'h3' | 'h4';
}

/**
 * Links grouped by tool, each group with the tool's mark and, where given,
 * its live badges. A tool that has live state but no links still gets its
 * group, so that its badges show.
 */
export function LinkGroups(props: LinkGroupsProps) {
  const { live, headingLevel = 'h3' } = props;
  const classes = useStyles();
  const groups = [...props.groups];
  for (const source of live?.sources ?? []) {
    const tool = SOURCE_TOOL[source.source];
    if (tool && !groups.some(g => g.tool === tool)) {
      groups.push({ tool, title: TOOL_TITLES[tool], links: [] });
    }
  }
  return (
    <div className={classes.groups}>
      {groups.map((group, i) => (
        <Group
          key={`${group.tool}-${i}`}
          group={group}
          live={live}
          headingLevel={headingLevel}
        />
      ))}
    </div>
  );
}
