import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createRunbookHeadingSlugger,
  RunbookHeading,
} from '@bomizzel/plugin-incidents-common';
import matter from 'gray-matter';
import { DateTime } from 'luxon';
import { Lexer, Token, Tokens } from 'marked';

/** What one markdown file says about itself. */
export interface ParsedRunbook {
  title: string;
  summary?: string;
  headings: RunbookHeading[];
  owner?: string;
  entities: string[];
  tags: string[];
  severities: string[];
  lastReviewed?: string;
  /** The markdown body, front matter removed. */
  markdown: string;
  frontMatter: Record<string, unknown>;
  /** Plain text of the body (code included), for search and snippets. */
  text: string;
  /** Why parts of the file were ignored, for the log. */
  warnings: string[];
}

const SUMMARY_MAX_CHARS = 300;
/** Front matter is small; YAML aliases must not expand into megabytes. */
const FRONT_MATTER_MAX_NODES = 5000;

const refuse = () => ({});
const READ_LANGUAGES = ['yaml', 'yml', 'json'];
/** An unparseable front matter block, dropped like gray-matter drops a good one. */
const FRONT_MATTER_BLOCK =
  /^---[^\n]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;

// gray-matter evaluates `---js` front matter; never run code from a runbook.
// Passing options also turns off gray-matter's unbounded cache.
const MATTER_OPTIONS = {
  engines: {
    js: refuse,
    javascript: refuse,
    coffee: refuse,
    coffeescript: refuse,
    cson: refuse,
  },
};

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** marked's lexer leaves character references in text; markdown renders them. */
function decodeReferences(text: string): string {
  return text.replace(
    /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi,
    (whole, name: string) => {
      if (name.startsWith('#')) {
        const code =
          name[1] === 'x' || name[1] === 'X'
            ? parseInt(name.slice(2), 16)
            : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    },
  );
}

/** The text a reader sees of inline tokens: what rendered headings contain. */
function inlineText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map(token => {
      switch (token.type) {
        case 'text':
          return token.tokens
            ? inlineText(token.tokens)
            : decodeReferences(token.text);
        case 'escape':
        case 'codespan':
          return token.text;
        case 'image':
        case 'html':
        case 'br':
          return '';
        default:
          return 'tokens' in token
            ? inlineText(token.tokens)
            : String((token as { text?: string }).text ?? '');
      }
    })
    .join('');
}

/** Visits block tokens depth-first, into quotes, lists and tables. */
function* blocks(tokens: Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    if (token.type === 'list') {
      for (const item of (token as Tokens.List).items) {
        yield* blocks(item.tokens);
      }
    } else if (token.type === 'blockquote') {
      yield* blocks((token as Tokens.Blockquote).tokens);
    }
  }
}

/**
 * A block's text for search: its markdown source, which the search
 * tokenizer strips of punctuation anyway (inline-parsing every paragraph of
 * thousands of runbooks would triple the indexing time).
 */
function blockText(token: Token): string {
  switch (token.type) {
    case 'code':
    case 'paragraph':
    case 'text':
      return token.text;
    case 'table': {
      const table = token as Tokens.Table;
      return [table.header, ...table.rows]
        .map(row => row.map(cell => cell.text).join(' '))
        .join('\n');
    }
    default:
      return '';
  }
}

/** Dates become ISO strings; the node budget stops alias bombs. */
function toJson(value: unknown, budget: { nodes: number }): unknown {
  if (--budget.nodes < 0) {
    throw new Error('front matter is too large');
  }
  if (value instanceof Date) {
    return isoDate(value) ?? value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(v => toJson(v, budget));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toJson(v, budget)]),
    );
  }
  return value;
}

/** A YAML date (`2026-04-15`) is midnight UTC; keep it a calendar date. */
function isoDate(date: Date): string | undefined {
  return date.getUTCHours() === 0 &&
    date.getUTCMinutes() === 0 &&
    date.getUTCSeconds() === 0 &&
    date.getUTCMilliseconds() === 0
    ? date.toISOString().slice(0, 10)
    : undefined;
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter(v => typeof v === 'string' || typeof v === 'number')
    .map(v => String(v).trim())
    .filter(Boolean);
}

function entityRef(
  value: string,
  defaultKind: string,
  warnings: string[],
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    warnings.push(`${JSON.stringify(value)} is not an entity ref`);
    return undefined;
  }
}

function reviewDate(value: unknown, warnings: string[]): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value === 'string') {
    const date = DateTime.fromISO(value, { zone: 'utc' });
    if (date.isValid) {
      return date.toISODate() ?? undefined;
    }
  }
  warnings.push(`lastReviewed ${JSON.stringify(value)} is not an ISO date`);
  return undefined;
}

function readFrontMatter(content: string, warnings: string[]) {
  try {
    const parsed = matter(content, MATTER_OPTIONS);
    const language = (parsed as { language?: string }).language ?? 'yaml';
    if (parsed.matter && !READ_LANGUAGES.includes(language)) {
      warnings.push(`front matter in ${language} ignored: only YAML and JSON`);
    }
    const data = toJson(parsed.data, { nodes: FRONT_MATTER_MAX_NODES });
    return {
      body: parsed.content,
      data: (data && typeof data === 'object' && !Array.isArray(data)
        ? data
        : {}) as Record<string, unknown>,
    };
  } catch (error) {
    warnings.push(`front matter ignored: ${(error as Error).message}`);
    return { body: content.replace(FRONT_MATTER_BLOCK, ''), data: {} };
  }
}

/**
 * Reads a runbook: front matter (YAML or JSON, never code), headings with
 * GitHub anchors (marked's lexer, so `#` lines in code blocks are not
 * headings), a summary and the plain text for search.
 */
export function parseRunbook(content: string, fileName: string): ParsedRunbook {
  const warnings: string[] = [];
  const { body, data } = readFrontMatter(content, warnings);
  // Block structure only; the inline syntax of headings and the summary
  // paragraph is read below (with the document's link definitions).
  const lexer = new Lexer({ gfm: true });
  const tokens = lexer.blockTokens(body.replace(/\r\n?/g, '\n'), lexer.tokens);
  const plainText = (markdown: string) =>
    inlineText(lexer.inlineTokens(markdown)).replace(/\s+/g, ' ').trim();

  const slug = createRunbookHeadingSlugger();
  const headings: RunbookHeading[] = [];
  const text: string[] = [];
  let firstParagraph: string | undefined;
  for (const token of blocks(tokens)) {
    if (token.type === 'heading') {
      const heading = plainText(token.text);
      headings.push({ depth: token.depth, text: heading, slug: slug(heading) });
      text.push(heading);
      continue;
    }
    if (token.type === 'paragraph' && firstParagraph === undefined) {
      firstParagraph = plainText(token.text);
    }
    const plain = blockText(token);
    if (plain) text.push(plain);
  }

  const stringField = (...keys: string[]) =>
    keys
      .map(key => data[key])
      .find((v): v is string => typeof v === 'string' && v.trim() !== '')
      ?.trim();
  const summary = (stringField('summary', 'description') ?? firstParagraph)
    ?.replace(/\s+/g, ' ')
    .trim();
  const owner = stringField('owner');

  return {
    title:
      stringField('title') ??
      headings[0]?.text ??
      fileName.replace(/\.md$/, ''),
    summary:
      summary && summary.length > SUMMARY_MAX_CHARS
        ? `${summary.slice(0, SUMMARY_MAX_CHARS - 1).trimEnd()}…`
        : summary || undefined,
    headings,
    owner: owner ? entityRef(owner, 'group', warnings) : undefined,
    entities: strings(data.entities).flatMap(
      ref => entityRef(ref, 'component', warnings) ?? [],
    ),
    tags: strings(data.tags),
    severities: strings(data.severities),
    lastReviewed: reviewDate(data.lastReviewed, warnings),
    markdown: body,
    frontMatter: data,
    text: text.join('\n'),
    warnings,
  };
}
