import { createRunbookHeadingSlugger } from '@bomizzel/plugin-incidents-common';

/** The few fields of a hast node (rehype's HTML tree) this plugin reads. */
export interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

const HEADING = /^h[1-6]$/;

/** The text of a node, markup dropped: what the backend slugs too. */
export function textOf(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/**
 * A rehype plugin giving every heading the GitHub anchor the backend lists in
 * `headings[].slug`: one slugger per document, in document order, so repeated
 * headings get the same `-1`, `-2` suffixes on both ends.
 */
export function rehypeHeadingIds() {
  return (tree: HastNode) => {
    const slug = createRunbookHeadingSlugger();
    const visit = (node: HastNode) => {
      if (node.type === 'element' && HEADING.test(node.tagName ?? '')) {
        node.properties = { ...node.properties, id: slug(textOf(node)) };
        return;
      }
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}
