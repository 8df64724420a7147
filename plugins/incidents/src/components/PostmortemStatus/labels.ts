import { PostmortemStatus } from '@bomizzel/plugin-incidents-common';

export const POSTMORTEM_STATUS_LABELS: Record<
  PostmortemStatus | 'missing',
  string
> = {
  missing: 'Not started',
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};
