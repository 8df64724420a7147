export { EntityIncidentsCard } from './EntityIncidentsCard';
export type { EntityIncidentsCardProps } from './EntityIncidentsCard';
