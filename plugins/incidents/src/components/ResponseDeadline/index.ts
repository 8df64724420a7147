export { ResponseDeadline } from './ResponseDeadline';
