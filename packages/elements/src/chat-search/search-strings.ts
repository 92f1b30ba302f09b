/**
 * The strings of the search results and its filter hints, in English. They ship with the search's
 * code, fetched on first use, which adds them (`addStrings(SEARCH_STRINGS)`) as it loads; override
 * any of them through an element's `strings` property like the others.
 */
export const SEARCH_STRINGS = {
  searchResults: 'Search results',
  closeSearch: 'Close search',
  searching: 'Searching…',
  noResults: 'No results for “{query}”',
  noResultsHint: 'Check the spelling, or try fewer words or other filters.',
  searchFailed: 'Could not search: {reason}',
  loadMore: 'Load more',
  inChannel: 'in #{channel}',
  inThread: 'in a thread of #{channel}',
  searchOptions: 'Search options',
  hintFrom: 'user',
  hintIn: 'channel',
  hintHasFile: 'a message with a file',
  hintHasImage: 'a message with an image',
  hintBefore: 'YYYY-MM-DD',
  hintAfter: 'YYYY-MM-DD',
} as const;

/** The keys of {@link SEARCH_STRINGS}, each a string. */
export type SearchStrings = { [K in keyof typeof SEARCH_STRINGS]: string };
