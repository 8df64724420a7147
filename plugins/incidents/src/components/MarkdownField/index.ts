export { MarkdownField } from './MarkdownField';
export type { MarkdownFieldProps } from './MarkdownField';
