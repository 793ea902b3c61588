/**
 * Spelling variants beyond British/American: informal and alternative spellings of the same words. The normalizing
 * table is applied to both sides ("OK" and "okay" both become "okay"); keys may be two words ("per cent"), and values
 * may be two words ("alright" → "all right"). The verdict-only pairs are forms that mean the same but are said
 * differently, so they stay in the transcript and only explain a mismatch (`spelling_variant`, not counted as a TTS
 * failure): "towards"/"toward", "amongst"/"among".
 */

// prettier-ignore
export const SPELLING_VARIANTS: ReadonlyMap<string, string> = new Map([
  ['ok', 'okay'], ['okey', 'okay'], ['alright', 'all right'], ['per cent', 'percent'], ['e mail', 'email'],
  ['e mails', 'emails'], ['web site', 'website'], ['web sites', 'websites'], ['good bye', 'goodbye'],
  ['thru', 'through'], ['tho', 'though'], ['altho', 'although'], ['nite', 'night'], ['tonite', 'tonight'],
  ['cuz', 'because'], ['coz', 'because'], ['til', 'until'],
])

/** Pairs that are different words to the ear but the same choice to a reader; both directions count. */
// prettier-ignore
export const VERDICT_ONLY_VARIANTS: readonly (readonly [string, string])[] = [
  ['towards', 'toward'], ['afterwards', 'afterward'], ['amongst', 'among'], ['whilst', 'while'], ['amidst', 'amid'],
  ['backwards', 'backward'], ['forwards', 'forward'], ['upwards', 'upward'], ['downwards', 'downward'],
  ['onwards', 'onward'], ['outwards', 'outward'], ['inwards', 'inward'], ['till', 'until'], ['mum', 'mom'],
  ['mums', 'moms'], ['mummy', 'mommy'], ['disc', 'disk'], ['discs', 'disks'], ['axe', 'ax'], ['whisky', 'whiskey'],
  ['tonne', 'ton'], ['tonnes', 'tons'], ['aesthetic', 'esthetic'], ['archaeology', 'archeology'],
  ['sneaked', 'snuck'], ['proved', 'proven'], ['got', 'gotten'],
]
