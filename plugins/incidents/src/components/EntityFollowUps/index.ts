export { EntityFollowUps } from './EntityFollowUps';
