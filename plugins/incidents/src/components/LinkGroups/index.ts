export { LinkGroups } from './LinkGroups';
export type { LinkGroupsProps } from './LinkGroups';
