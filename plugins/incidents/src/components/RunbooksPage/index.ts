export { RunbooksPage, RunbooksPageContent } from './RunbooksPage';
