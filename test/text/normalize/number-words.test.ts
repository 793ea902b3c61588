import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  cardinalWords,
  decimalWords,
  digitWords,
  numberWords,
  ordinalWords,
  pluralOfWords,
} from '../../../src/text/normalize/number-words.js'
import { yearWords } from '../../../src/text/normalize/years.js'
import { digits, integer, mulberry32 } from './random.js'

// prettier-ignore
const SMALL: Readonly<Record<string, bigint>> = Object.fromEntries(
  [
    'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
    'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
  ].map((word, value) => [word, BigInt(value)]),
)
// prettier-ignore
const TENS: Readonly<Record<string, bigint>> = {
  twenty: 20n, thirty: 30n, forty: 40n, fifty: 50n, sixty: 60n, seventy: 70n, eighty: 80n, ninety: 90n,
}
const SCALES: Readonly<Record<string, bigint>> = {
  thousand: 10n ** 3n,
  million: 10n ** 6n,
  billion: 10n ** 9n,
  trillion: 10n ** 12n,
}

/** An independent reader of US cardinal words, to check `cardinalWords` by round trip. */
function parseCardinal(words: string): bigint {
  let total = 0n
  let group = 0n
  for (const word of words.split(/[ -]/)) {
    if (word in SMALL) group += SMALL[word]!
    else if (word in TENS) group += TENS[word]!
    else if (word === 'hundred') group *= 100n
    else if (word in SCALES) {
      total += group * SCALES[word]!
      group = 0n
    } else throw new Error(`not a number word: ${word}`)
  }
  return total + group
}

test('cardinal words read back to the same number for random values below 10^15', () => {
  const random = mulberry32(42)
  for (let i = 0; i < 5000; i += 1) {
    const written = digits(random, integer(random, 1, 15)).replace(/^0+(?=\d)/, '')
    const words = cardinalWords(written)
    assert.equal(parseCardinal(words), BigInt(written), `${written} → ${words}`)
    assert.match(words, /^[a-z]+(?:[ -][a-z]+)*$/, words)
  }
})

test('every number below 10,000 has clean, unique words', () => {
  const seen = new Set<string>()
  for (let n = 0; n < 10_000; n += 1) {
    const words = cardinalWords(String(n))
    assert.equal(parseCardinal(words), BigInt(n))
    assert.ok(!seen.has(words), words)
    seen.add(words)
  }
})

test('hyphens join tens and units only', () => {
  assert.equal(cardinalWords('21'), 'twenty-one')
  assert.equal(cardinalWords('121'), 'one hundred twenty-one')
  assert.equal(cardinalWords('120'), 'one hundred twenty')
  assert.equal(cardinalWords('1021021'), 'one million twenty-one thousand twenty-one')
})

test('numbers from 10^15 up are read digit by digit', () => {
  assert.equal(cardinalWords('1000000000000000'), digitWords('1000000000000000'))
  assert.equal(cardinalWords('999999999999999').includes('trillion'), true)
  assert.equal(cardinalWords('0001'), 'one')
  assert.equal(cardinalWords(''), '')
})

test('ordinals change only the last word', () => {
  // prettier-ignore
  const cases: [string, string][] = [
    ['1', 'first'], ['2', 'second'], ['3', 'third'], ['5', 'fifth'], ['8', 'eighth'], ['9', 'ninth'], ['12', 'twelfth'],
    ['20', 'twentieth'], ['30', 'thirtieth'], ['42', 'forty-second'], ['100', 'one hundredth'],
    ['1001', 'one thousand first'], ['2000000', 'two millionth'],
  ]
  for (const [written, spoken] of cases) assert.equal(ordinalWords(written), spoken)
})

test('plurals of number words', () => {
  assert.equal(pluralOfWords('ninety'), 'nineties')
  assert.equal(pluralOfWords('six'), 'sixes')
  assert.equal(pluralOfWords('nineteen hundred'), 'nineteen hundreds')
  assert.equal(pluralOfWords('twenty-four'), 'twenty-fours')
})

test('decimals and signed numbers', () => {
  assert.equal(decimalWords('3', '14'), 'three point one four')
  assert.equal(decimalWords('', '5'), 'point five')
  assert.equal(numberWords('-1,234.05'), 'minus one thousand two hundred thirty-four point zero five')
  assert.equal(numberWords('+3'), 'plus three')
  assert.equal(numberWords('007'), 'zero zero seven')
  assert.equal(numberWords('not a number'), '')
})

test('year words for every year from 1000 to 2999 are distinct and digit-free', () => {
  const seen = new Set<string>()
  for (let year = 1000; year <= 2999; year += 1) {
    const words = yearWords(String(year))
    assert.match(words, /^[a-z]+(?:[ -][a-z]+)*$/, words)
    assert.ok(!seen.has(words), `${year} → ${words}`)
    seen.add(words)
  }
  assert.equal(yearWords('1066'), 'ten sixty-six')
  assert.equal(yearWords('2000'), 'two thousand')
  assert.equal(yearWords('1000'), 'one thousand')
  assert.equal(yearWords('1009'), 'one thousand nine')
  assert.equal(yearWords('123'), 'one hundred twenty-three')
})
