import * as cases from './cases/numbers.js'
import { specify } from './table.js'

specify('cardinal numbers, with separators and past a quadrillion', cases.CARDINALS)
specify('signs, decimals, versions and digit groups', cases.SIGNS_AND_DECIMALS)
specify('digits inside words', cases.DIGITS_IN_WORDS)
specify('ordinals', cases.ORDINALS)
specify('years, by the heuristic documented in years.ts', cases.YEARS)
specify('ranges', cases.RANGES)
specify('fractions, but not dates', cases.FRACTIONS)
specify('dimensions and ratios', cases.DIMENSIONS_AND_RATIOS)
