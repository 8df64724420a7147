import { LINK_TOOL_TITLES, LinkTool } from '@bomizzel/plugin-incidents-common';
import SvgIcon, { SvgIconProps } from '@material-ui/core/SvgIcon';
import CodeIcon from '@material-ui/icons/Code';
import LinkIcon from '@material-ui/icons/Link';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import NotificationsActiveIcon from '@material-ui/icons/NotificationsActive';
import { ComponentType, ReactNode } from 'react';

/**
 * Display names of the tools beside their icons and for groups the backend did
 * not name: as the group titles, but one runbook link reads "Runbook" and
 * unclassified links "Links".
 */
export const TOOL_TITLES: Record<LinkTool, string> = {
  ...LINK_TOOL_TITLES,
  runbook: 'Runbook',
  other: 'Links',
};

/*
 * Small marks in each tool's brand colour, drawn here rather than shipping
 * the vendors' logo files: recognisable at 24 px, no extra requests.
 */
const MARKS: Partial<Record<LinkTool, ReactNode>> = {
  grafana: (
    <>
      <circle cx="12" cy="12" r="11" fill="#F46800" />
      <path
        fill="#fff"
        d="M12 5.5a6.5 6.5 0 1 0 6.5 6.5h-3.2A3.3 3.3 0 1 1 12 8.7z"
      />
      <circle cx="16.3" cy="7.7" r="1.6" fill="#FBCA0A" />
    </>
  ),
  jaeger: (
    <>
      <rect x="2" y="3" width="20" height="18" rx="4" fill="#1F5A7A" />
      <rect x="5" y="6.5" width="14" height="2.4" rx="1.2" fill="#60D0E4" />
      <rect x="8" y="10.8" width="9" height="2.4" rx="1.2" fill="#60D0E4" />
      <rect x="11" y="15.1" width="5" height="2.4" rx="1.2" fill="#fff" />
    </>
  ),
  statuspage: (
    <>
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#0052CC" />
      <path
        d="M4 12.5h3.5l2-5 3 10 2-5H20"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </>
  ),
  prometheus: (
    <>
      <circle cx="12" cy="12" r="11" fill="#E6522C" />
      <path
        fill="#fff"
        d="M12 4.5c.8 2.6 3.6 3.8 3.6 7.2a3.6 3.6 0 0 1-7.2 0c0-1.7.9-2.7 1.8-3.5 0 1.6.7 2.5 1.6 2.8-.6-2.2-.4-4.2.2-6.5z"
      />
      <rect x="7.5" y="16.3" width="9" height="1.6" rx=".8" fill="#fff" />
      <rect x="9" y="18.6" width="6" height="1.4" rx=".7" fill="#fff" />
    </>
  ),
  loki: (
    <>
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#2B2B2B" />
      <rect x="5" y="6" width="14" height="2.2" rx="1.1" fill="#F9C513" />
      <rect x="5" y="10.9" width="10" height="2.2" rx="1.1" fill="#F58220" />
      <rect x="5" y="15.8" width="12" height="2.2" rx="1.1" fill="#F05A28" />
    </>
  ),
  pagerduty: (
    <>
      <rect x="1" y="1" width="22" height="22" rx="5" fill="#06AC38" />
      <path
        fill="#fff"
        fillRule="evenodd"
        d="M8 5h5a4.5 4.5 0 0 1 0 9h-2v5H8zm3 3v3h2a1.5 1.5 0 0 0 0-3z"
      />
    </>
  ),
  slack: (
    <>
      <rect x="8" y="2" width="3.4" height="11" rx="1.7" fill="#36C5F0" />
      <rect x="11" y="8" width="11" height="3.4" rx="1.7" fill="#2EB67D" />
      <rect x="12.6" y="11" width="3.4" height="11" rx="1.7" fill="#ECB22E" />
      <rect x="2" y="12.6" width="11" height="3.4" rx="1.7" fill="#E01E5A" />
    </>
  ),
};

const MUI_ICONS: Partial<
  Record<LinkTool, { icon: ComponentType<SvgIconProps>; color: string }>
> = {
  alertmanager: { icon: NotificationsActiveIcon, color: '#E6522C' },
  apiDocs: { icon: CodeIcon, color: '#6B4FBB' },
  runbook: { icon: MenuBookIcon, color: '#5C6BC0' },
};

/** Properties of {@link ToolIcon}. */
export interface ToolIconProps {
  tool: LinkTool;
  /** Accessible name; default the tool's display name. */
  label?: string;
  fontSize?: SvgIconProps['fontSize'];
}

/** The tool's mark, as an image with an accessible name. */
export function ToolIcon(props: ToolIconProps) {
  const { tool, fontSize = 'small' } = props;
  const label = props.label ?? TOOL_TITLES[tool] ?? tool;
  const mark = MARKS[tool];
  if (mark) {
    return (
      <SvgIcon viewBox="0 0 24 24" titleAccess={label} fontSize={fontSize}>
        {mark}
      </SvgIcon>
    );
  }
  const { icon: Icon, color } = MUI_ICONS[tool] ?? {
    icon: LinkIcon,
    color: 'inherit',
  };
  return <Icon titleAccess={label} fontSize={fontSize} style={{ color }} />;
}
