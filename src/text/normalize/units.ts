/**
 * Measurements after a number: "10 km" → "ten kilometers", "1 kg" → "one kilogram", "-5 °C" → "minus five degrees
 * Celsius", "10-20 GB" → "ten to twenty gigabytes", and percentages ("45%" → "forty-five percent").
 * Units are case-sensitive ("mm" is not "Mm", "MB" is not "Mb") and only read right after a number, so the words
 * "in", "m" or "s" elsewhere are left alone. A few short symbols need more evidence (see `UNITS`' `when`).
 */
import { isExactlyOne, numberWords } from './number-words.js'
import { NUMBER, NUMBER_END, NUMBER_START, RANGE_DASH, SIGN, alternation } from './patterns.js'
import { defineRule, sentenceEndsAfter, textAfter, type Match, type Rule } from './rule.js'

interface Unit {
  readonly symbols: readonly string[]
  readonly singular: string
  readonly plural: string
  /** Extra evidence a symbol needs beyond following a number; `attached` is true for "5in" (no space). */
  readonly when?: (after: string, attached: boolean) => boolean
}

/** "in" is a unit only when it touches the number or ends the phrase ("6 in.", "6 in x 4 in", "6 in long"). */
const INCH_CONTEXT =
  /^\.?(?:\s*$|\s*[^\p{L}\p{N}\s]|\s+(?:long|wide|tall|high|deep|thick|across|diameter|screen|display|monitor|x|by)\b)/u

export const UNITS: readonly Unit[] = [
  { symbols: ['km'], singular: 'kilometer', plural: 'kilometers' },
  { symbols: ['m'], singular: 'meter', plural: 'meters' },
  { symbols: ['cm'], singular: 'centimeter', plural: 'centimeters' },
  { symbols: ['mm'], singular: 'millimeter', plural: 'millimeters' },
  { symbols: ['µm', 'μm'], singular: 'micrometer', plural: 'micrometers' },
  { symbols: ['nm'], singular: 'nanometer', plural: 'nanometers' },
  { symbols: ['mi'], singular: 'mile', plural: 'miles' },
  { symbols: ['yd', 'yds'], singular: 'yard', plural: 'yards' },
  { symbols: ['ft'], singular: 'foot', plural: 'feet' },
  {
    symbols: ['in'],
    singular: 'inch',
    plural: 'inches',
    when: (after, attached) => attached || INCH_CONTEXT.test(after),
  },
  { symbols: ['km²', 'sq km'], singular: 'square kilometer', plural: 'square kilometers' },
  { symbols: ['m²', 'sq m'], singular: 'square meter', plural: 'square meters' },
  { symbols: ['ft²', 'sq ft'], singular: 'square foot', plural: 'square feet' },
  { symbols: ['m³'], singular: 'cubic meter', plural: 'cubic meters' },
  { symbols: ['kg'], singular: 'kilogram', plural: 'kilograms' },
  { symbols: ['g'], singular: 'gram', plural: 'grams' },
  { symbols: ['mg'], singular: 'milligram', plural: 'milligrams' },
  { symbols: ['µg', 'μg', 'mcg'], singular: 'microgram', plural: 'micrograms' },
  { symbols: ['lb', 'lbs'], singular: 'pound', plural: 'pounds' },
  { symbols: ['oz'], singular: 'ounce', plural: 'ounces' },
  { symbols: ['L', 'l'], singular: 'liter', plural: 'liters' },
  { symbols: ['mL', 'ml'], singular: 'milliliter', plural: 'milliliters' },
  { symbols: ['tbsp'], singular: 'tablespoon', plural: 'tablespoons' },
  { symbols: ['tsp'], singular: 'teaspoon', plural: 'teaspoons' },
  { symbols: ['mph'], singular: 'mile per hour', plural: 'miles per hour' },
  { symbols: ['km/h', 'kph', 'kmh'], singular: 'kilometer per hour', plural: 'kilometers per hour' },
  { symbols: ['m/s'], singular: 'meter per second', plural: 'meters per second' },
  { symbols: ['°C', '° C', '℃', 'ºC'], singular: 'degree Celsius', plural: 'degrees Celsius' },
  { symbols: ['°F', '° F', '℉', 'ºF'], singular: 'degree Fahrenheit', plural: 'degrees Fahrenheit' },
  { symbols: ['°', 'º'], singular: 'degree', plural: 'degrees' },
  {
    symbols: ['K'],
    singular: 'kelvin',
    plural: 'kelvins',
    when: (after, attached) => !attached && /^\s*$|^[^\p{L}\p{N}]/u.test(after),
  },
  { symbols: ['KB', 'kB'], singular: 'kilobyte', plural: 'kilobytes' },
  { symbols: ['MB'], singular: 'megabyte', plural: 'megabytes' },
  { symbols: ['GB'], singular: 'gigabyte', plural: 'gigabytes' },
  { symbols: ['TB'], singular: 'terabyte', plural: 'terabytes' },
  { symbols: ['PB'], singular: 'petabyte', plural: 'petabytes' },
  { symbols: ['Kb', 'kb', 'kbit'], singular: 'kilobit', plural: 'kilobits' },
  { symbols: ['Mb', 'Mbit'], singular: 'megabit', plural: 'megabits' },
  { symbols: ['Gb', 'Gbit'], singular: 'gigabit', plural: 'gigabits' },
  { symbols: ['kbps', 'Kbps', 'kb/s'], singular: 'kilobit per second', plural: 'kilobits per second' },
  { symbols: ['Mbps', 'Mb/s'], singular: 'megabit per second', plural: 'megabits per second' },
  { symbols: ['Gbps', 'Gb/s'], singular: 'gigabit per second', plural: 'gigabits per second' },
  { symbols: ['MB/s'], singular: 'megabyte per second', plural: 'megabytes per second' },
  { symbols: ['ns'], singular: 'nanosecond', plural: 'nanoseconds' },
  { symbols: ['µs', 'μs'], singular: 'microsecond', plural: 'microseconds' },
  { symbols: ['ms'], singular: 'millisecond', plural: 'milliseconds' },
  { symbols: ['s'], singular: 'second', plural: 'seconds' },
  { symbols: ['sec', 'secs'], singular: 'second', plural: 'seconds' },
  { symbols: ['min', 'mins'], singular: 'minute', plural: 'minutes' },
  { symbols: ['h', 'hr', 'hrs'], singular: 'hour', plural: 'hours' },
  { symbols: ['Hz'], singular: 'hertz', plural: 'hertz' },
  { symbols: ['kHz'], singular: 'kilohertz', plural: 'kilohertz' },
  { symbols: ['MHz'], singular: 'megahertz', plural: 'megahertz' },
  { symbols: ['GHz'], singular: 'gigahertz', plural: 'gigahertz' },
  { symbols: ['W'], singular: 'watt', plural: 'watts' },
  { symbols: ['kW'], singular: 'kilowatt', plural: 'kilowatts' },
  { symbols: ['MW'], singular: 'megawatt', plural: 'megawatts' },
  { symbols: ['Wh'], singular: 'watt hour', plural: 'watt hours' },
  { symbols: ['kWh'], singular: 'kilowatt hour', plural: 'kilowatt hours' },
  { symbols: ['V'], singular: 'volt', plural: 'volts' },
  { symbols: ['mV'], singular: 'millivolt', plural: 'millivolts' },
  { symbols: ['kV'], singular: 'kilovolt', plural: 'kilovolts' },
  { symbols: ['mA'], singular: 'milliamp', plural: 'milliamps' },
  { symbols: ['mAh'], singular: 'milliamp hour', plural: 'milliamp hours' },
  { symbols: ['dB'], singular: 'decibel', plural: 'decibels' },
  { symbols: ['rpm'], singular: 'revolution per minute', plural: 'revolutions per minute' },
  { symbols: ['kcal'], singular: 'kilocalorie', plural: 'kilocalories' },
  { symbols: ['px'], singular: 'pixel', plural: 'pixels' },
]

/** Always on: percent is not a unit for the purposes of `unit_normalization`. */
export const PERCENT_UNITS: readonly Unit[] = [
  { symbols: ['%'], singular: 'percent', plural: 'percent' },
  { symbols: ['‰'], singular: 'per mille', plural: 'per mille' },
]

/** Unit symbols that end in a letter may carry an abbreviation's full stop ("6 ft. tall"). */
const ENDS_IN_LETTER = /\p{L}$/u

function quantityRule(name: string, units: readonly Unit[]): Rule {
  const bySymbol = new Map(units.flatMap((unit) => unit.symbols.map((symbol) => [symbol, unit] as const)))
  const symbols = alternation(units.flatMap((unit) => unit.symbols))
  return defineRule(
    name,
    String.raw`(?<sign>${SIGN})?${NUMBER_START}(?<amount>${NUMBER})${NUMBER_END}(?:${RANGE_DASH}(?<upper>${NUMBER})${NUMBER_END})?(?<space>\s?)(?<unit>${symbols})(?![\p{L}\p{N}_])(?<stop>\.(?!\d))?`,
    (match: Match) => {
      const { sign = '', amount = '', upper, space, unit: symbol = '', stop } = match.groups
      const unit = bySymbol.get(symbol)
      if (!unit) return undefined
      if (unit.when && !unit.when(`${stop ?? ''}${textAfter(match)}`, space === '')) return undefined
      const one = !upper && isExactlyOne(amount)
      const range = upper ? ` to ${numberWords(upper)}` : ''
      // Keep a full stop that ends the sentence; drop one that only closed the symbol ("6 ft. tall").
      const period = stop && (!ENDS_IN_LETTER.test(symbol) || sentenceEndsAfter(match)) ? '.' : ''
      return `${numberWords(`${sign}${amount}`)}${range} ${one ? unit.singular : unit.plural}${period}`
    },
  )
}

/** "6'2\"" and "5′ 11″" → "six feet two inches"; a lone "6′" (prime, not apostrophe) → "six feet". */
const feetAndInches = defineRule(
  'feet and inches',
  String.raw`${NUMBER_START}(?<feet>\d{1,2})(?:['’′]\s?(?<inches>\d{1,2}(?:\.\d+)?)(?:["”″]|'')|′)(?![\p{L}\p{N}])`,
  ({ groups }) => {
    const feet = `${numberWords(groups.feet ?? '')} ${isExactlyOne(groups.feet ?? '') ? 'foot' : 'feet'}`
    if (groups.inches === undefined) return feet
    return `${feet} ${numberWords(groups.inches)} ${isExactlyOne(groups.inches) ? 'inch' : 'inches'}`
  },
)

export const PERCENT_RULES: readonly Rule[] = [quantityRule('percent', PERCENT_UNITS)]
export const UNIT_RULES: readonly Rule[] = [feetAndInches, quantityRule('unit after a number', UNITS)]
