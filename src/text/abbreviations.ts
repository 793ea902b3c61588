/**
 * Abbreviations that end in a full stop without ending a sentence ("Dr. Smith", "approx. 3"). ICU's sentence
 * segmentation (Intl.Segmenter) breaks after them; the chunker re-joins such breaks using this table.
 */
export const NON_TERMINAL_ABBREVIATIONS: ReadonlySet<string> = new Set(
  [
    'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'sr', 'jr', 'rev', 'hon', 'gen', 'col', 'capt', 'cpt', 'lt', 'sgt',
    'cmdr', 'adm', 'gov', 'sen', 'rep', 'pres', 'supt', 'insp', 'fr', 'mt', 'ft', 'ave', 'blvd', 'rd', 'no', 'nos',
    'vs', 'etc', 'approx', 'dept', 'est', 'fig', 'figs', 'vol', 'vols', 'pp', 'ed', 'eds', 'al', 'cf', 'inc', 'ltd',
    'co', 'corp', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'op', 'ch', 'sec', 'para', 'art',
  ].map((word) => word.toLowerCase()),
)
