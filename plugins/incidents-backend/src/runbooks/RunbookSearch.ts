import SearchableMap from 'minisearch/SearchableMap';

/**
 * The searched fields of a runbook, with their boosts: a word in the title
 * counts 4 times, in a heading twice, in the text once.
 */
const FIELDS = ['title', 'headings', 'text'] as const;
const BOOSTS = [4, 2, 1];
const TEXT = 2;
/** BM25+ as MiniSearch scores it (k, b, d), which ranked runbooks before. */
const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;
/** What a completion or a typo correction weighs against the exact word. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Typo tolerance: a fifth of the letters of words over 4 letters. */
const FUZZY_MIN_LENGTH = 5;
const FUZZY_FRACTION = 0.2;
const MAX_FUZZY = 6;
/** As-you-type: the last word is completed when it has 3 letters or more. */
const PREFIX_MIN_LENGTH = 3;
/** Removed documents' postings are dropped once they are this many. */
const COMPACT_MIN_REMOVED = 20;
const COMPACT_REMOVED_FRACTION = 0.1;

const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

export type RunbookSearchFields = Record<(typeof FIELDS)[number], string>;

/** The words of a query, lower case, as the index holds them. */
function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of text.split(SPACE_OR_PUNCTUATION)) {
    if (token) terms.push(token.toLowerCase());
  }
  return terms;
}

/**
 * Per field, the documents holding a term and how often:
 * `[doc, count, doc, count, …]`, documents ascending.
 */
type TermPostings = Array<number[] | undefined>;

interface Derived {
  term: string;
  postings: TermPostings;
  weight: number;
}

export interface RunbookSearchHit {
  id: string;
  score: number;
  /** The index terms the query matched in this runbook's text, for a snippet. */
  textTerms: string[];
}

/**
 * Full-text search over the runbooks: BM25+ over titles, headings and text,
 * the last word completed as a prefix, optionally typo-tolerant.
 *
 * Postings are flat number arrays and a query scores into typed arrays, so a
 * word found in every runbook costs a loop over numbers, not an object per
 * runbook; only the best `limit` hits become objects. The vocabulary is
 * MiniSearch's radix tree, for completions and typo corrections.
 */
export class RunbookSearch {
  #terms = new SearchableMap<TermPostings>();
  /** By document number; undefined once removed (until compaction). */
  #ids: Array<string | undefined> = [];
  #docs = new Map<string, number>();
  /** Per field, by document number: the field's length in distinct tokens. */
  #lengths: number[][] = FIELDS.map(() => []);
  #totalLengths: number[] = FIELDS.map(() => 0);
  #removed = 0;

  /** Adds a document (replacing the one with the same id). */
  add(id: string, fields: RunbookSearchFields) {
    this.remove(id);
    const doc = this.#ids.length;
    this.#ids.push(id);
    this.#docs.set(id, doc);
    FIELDS.forEach((field, f) => {
      const tokens = fields[field].split(SPACE_OR_PUNCTUATION);
      const counts = new Map<string, number>();
      for (const token of tokens) {
        if (!token) continue;
        const term = token.toLowerCase();
        counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      // The field's length as MiniSearch measured it (distinct tokens as
      // written), so that scores and ranking stay what they were.
      const length = new Set(tokens).size;
      this.#lengths[f][doc] = length;
      this.#totalLengths[f] += length;
      for (const [term, count] of counts) {
        const postings = this.#terms.fetch(term, () => []);
        (postings[f] ??= []).push(doc, count);
      }
    });
  }

  /** Forgets a document; its postings go at the next compaction. */
  remove(id: string) {
    const doc = this.#docs.get(id);
    if (doc === undefined) return;
    this.#docs.delete(id);
    this.#ids[doc] = undefined;
    FIELDS.forEach((_, f) => {
      this.#totalLengths[f] -= this.#lengths[f][doc];
    });
    this.#removed++;
    if (
      this.#removed >= COMPACT_MIN_REMOVED &&
      this.#removed >= COMPACT_REMOVED_FRACTION * this.#docs.size
    ) {
      this.#compact();
    }
  }

  /**
   * The best `limit` matches, best first, and how many matched. With `all`,
   * documents must match every word; else any word, the more the better.
   */
  search(
    query: string,
    options: {
      all: boolean;
      fuzzy: boolean;
      limit: number;
      only?: ReadonlySet<string>;
    },
  ): { hits: RunbookSearchHit[]; total: number } {
    const words = [...new Set(searchTerms(query))];
    const last = words.length - 1;
    const documentCount = this.#docs.size;
    if (last < 0 || documentCount === 0) {
      return { hits: [], total: 0 };
    }
    const size = this.#ids.length;
    let allowed: Uint8Array | undefined;
    if (options.only) {
      allowed = new Uint8Array(size);
      for (const id of options.only) {
        const doc = this.#docs.get(id);
        if (doc !== undefined) allowed[doc] = 1;
      }
    }
    const scores = new Float64Array(size);
    /** How many query words each document matched, and the last one. */
    const matched = new Uint16Array(size);
    const lastWord = new Int32Array(size).fill(-1);
    const touched: number[] = [];
    const expansions: Derived[][] = [];

    for (let w = 0; w <= last; w++) {
      const derived = this.#expand(
        words[w],
        w === last && words[w].length >= PREFIX_MIN_LENGTH,
        options.fuzzy,
      );
      expansions.push(derived);
      if (options.all && derived.length === 0) {
        return { hits: [], total: 0 };
      }
      // Documents must have matched every earlier word to count with `all`.
      const required = options.all ? w : -1;
      for (const { postings, weight } of derived) {
        for (let f = 0; f < FIELDS.length; f++) {
          const list = postings[f];
          if (!list) continue;
          const matching = this.#removed ? this.#live(list) : list.length / 2;
          if (matching === 0) continue;
          const idf = Math.log(
            1 + (documentCount - matching + 0.5) / (matching + 0.5),
          );
          const factor = weight * BOOSTS[f] * idf;
          const lengths = this.#lengths[f];
          const averageLength = this.#totalLengths[f] / documentCount || 1;
          for (let i = 0; i < list.length; i += 2) {
            const doc = list[i];
            if (this.#ids[doc] === undefined) continue;
            if (allowed && !allowed[doc]) continue;
            if (required >= 0 && matched[doc] < required) continue;
            const count = list[i + 1];
            scores[doc] +=
              factor *
              (BM25_D +
                (count * (BM25_K + 1)) /
                  (count +
                    BM25_K *
                      (1 - BM25_B + (BM25_B * lengths[doc]) / averageLength)));
            if (lastWord[doc] !== w) {
              lastWord[doc] = w;
              if (matched[doc]++ === 0) touched.push(doc);
            }
          }
        }
      }
    }

    // The best `limit`, best first; equal scores by id, whatever the order
    // the documents were indexed in.
    const ids = this.#ids;
    const before = (a: number, b: number) =>
      scores[a] > scores[b] || (scores[a] === scores[b] && ids[a]! < ids[b]!);
    const top: number[] = [];
    let total = 0;
    for (const doc of touched) {
      const count = matched[doc];
      if (options.all && count !== words.length) continue;
      total++;
      // Matching more of the words counts (MiniSearch's "quality").
      scores[doc] *= count;
      if (top.length >= options.limit) {
        if (!top.length || !before(doc, top[top.length - 1])) continue;
        top.pop();
      }
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(top[mid], doc)) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, doc);
    }

    const textTerms = expansions
      .flat()
      .filter(derived => derived.postings[TEXT] !== undefined);
    return {
      hits: top.map(doc => ({
        id: this.#ids[doc]!,
        score: scores[doc],
        textTerms: textTerms
          .filter(derived => hasDoc(derived.postings[TEXT]!, doc))
          .map(derived => derived.term),
      })),
      total,
    };
  }

  /** The word, its completions and its typo corrections, with their weights. */
  #expand(word: string, prefix: boolean, fuzzy: boolean): Derived[] {
    const derived: Derived[] = [];
    const exact = this.#terms.get(word);
    if (exact) derived.push({ term: word, postings: exact, weight: 1 });
    const completions = new Set<string>();
    if (prefix) {
      for (const [term, postings] of this.#terms.atPrefix(word)) {
        const distance = term.length - word.length;
        if (distance === 0) continue;
        completions.add(term);
        derived.push({
          term,
          postings,
          weight:
            (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance),
        });
      }
    }
    if (fuzzy && word.length >= FUZZY_MIN_LENGTH) {
      const maxDistance = Math.min(
        MAX_FUZZY,
        Math.round(word.length * FUZZY_FRACTION),
      );
      for (const [term, [postings, distance]] of this.#terms.fuzzyGet(
        word,
        maxDistance,
      )) {
        if (distance === 0 || completions.has(term)) continue;
        derived.push({
          term,
          postings,
          weight: (FUZZY_WEIGHT * term.length) / (term.length + distance),
        });
      }
    }
    return derived;
  }

  /** How many documents of a postings list are still indexed. */
  #live(list: number[]): number {
    let live = 0;
    for (let i = 0; i < list.length; i += 2) {
      if (this.#ids[list[i]] !== undefined) live++;
    }
    return live;
  }

  /** Drops removed documents from the postings and renumbers the rest. */
  #compact() {
    const renumbered = new Int32Array(this.#ids.length).fill(-1);
    const ids: string[] = [];
    const lengths: number[][] = FIELDS.map(() => []);
    this.#ids.forEach((id, doc) => {
      if (id === undefined) return;
      const next = ids.length;
      renumbered[doc] = next;
      ids.push(id);
      this.#docs.set(id, next);
      FIELDS.forEach((_, f) => {
        lengths[f][next] = this.#lengths[f][doc];
      });
    });
    const unused: string[] = [];
    for (const [term, postings] of this.#terms) {
      let used = false;
      postings.forEach((list, f) => {
        if (!list) return;
        let kept = 0;
        for (let i = 0; i < list.length; i += 2) {
          const doc = renumbered[list[i]];
          if (doc >= 0) {
            list[kept++] = doc;
            list[kept++] = list[i + 1];
          }
        }
        list.length = kept;
        if (kept) used = true;
        else postings[f] = undefined;
      });
      if (!used) unused.push(term);
    }
    for (const term of unused) this.#terms.delete(term);
    this.#ids = ids;
    this.#lengths = lengths;
    this.#removed = 0;
  }
}

/** Whether a postings list (documents ascending) holds the document. */
function hasDoc(list: number[], doc: number): boolean {
  let lo = 0;
  let hi = list.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid * 2];
    if (at === doc) return true;
    if (at < doc) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
