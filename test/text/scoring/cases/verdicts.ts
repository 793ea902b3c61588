/**
 * Verdict cases: a reference, one or two hypotheses, and the verdict of every row of the word table, in order,
 * written as `ref>hyp:verdict` (`-` for no word; with two hypotheses `ref>hyp|hyp2:verdict`).
 */

export interface VerdictCase {
  readonly reference: string
  readonly hypotheses: readonly string[]
  readonly rows: string
}

export const ONE_ASR: readonly VerdictCase[] = [
  { reference: 'the cat sat', hypotheses: ['the cat sat'], rows: 'the>the:pass cat>cat:pass sat>sat:pass' },
  { reference: 'the cat sat', hypotheses: ['the bat sat'], rows: 'the>the:pass cat>bat:tts_failure sat>sat:pass' },
  { reference: 'the cat sat', hypotheses: ['the sat'], rows: 'the>the:pass cat>-:tts_failure sat>sat:pass' },
  { reference: 'the cat', hypotheses: ['the big cat'], rows: 'the>the:pass ->big:tts_failure cat>cat:pass' },
  { reference: 'hello', hypotheses: [''], rows: 'hello>-:tts_failure' },
  { reference: '', hypotheses: ['hello'], rows: '->hello:tts_failure' },
]

export const HOMOPHONES: readonly VerdictCase[] = [
  { reference: 'their house', hypotheses: ['there house'], rows: 'their>there:homophone house>house:pass' },
  {
    reference: "they're here",
    hypotheses: ['there here'],
    rows: 'they>there:tts_failure are>-:tts_failure here>here:pass',
  },
  { reference: 'I have two', hypotheses: ['I have to'], rows: 'i>i:pass have>have:pass two>to:homophone' },
  { reference: 'me too', hypotheses: ['me two'], rows: 'me>me:pass too>two:homophone' },
  { reference: 'four cats', hypotheses: ['for cats'], rows: 'four>for:homophone cats>cats:pass' },
  { reference: 'the knight', hypotheses: ['the night'], rows: 'the>the:pass knight>night:homophone' },
  { reference: 'write it', hypotheses: ['right it'], rows: 'write>right:homophone it>it:pass' },
  { reference: 'buy it', hypotheses: ['by it'], rows: 'buy>by:homophone it>it:pass' },
  { reference: 'I ate', hypotheses: ['I eight'], rows: 'i>i:pass ate>eight:homophone' },
  { reference: 'we won', hypotheses: ['we one'], rows: 'we>we:pass won>one:homophone' },
  { reference: 'the weather', hypotheses: ['the whether'], rows: 'the>the:pass weather>whether:homophone' },
  { reference: 'some flour', hypotheses: ['some flower'], rows: 'some>some:pass flour>flower:homophone' },
  { reference: 'I scream', hypotheses: ['ice cream'], rows: 'i>ice:homophone scream>cream:homophone' },
  { reference: 'the sea', hypotheses: ['the see'], rows: 'the>the:pass sea>see:homophone' },
]

export const COMPOUNDS: readonly VerdictCase[] = [
  {
    reference: 'the bookshelves',
    hypotheses: ['the book shelves'],
    rows: 'the>the:pass ->book:compound bookshelves>shelves:compound',
  },
  { reference: 'every day', hypotheses: ['everyday'], rows: 'every>everyday:compound day>-:compound' },
  {
    reference: 'everyday life',
    hypotheses: ['every day life'],
    rows: 'everyday>every:compound ->day:compound life>life:pass',
  },
  { reference: 'sometimes', hypotheses: ['some times'], rows: '->some:compound sometimes>times:compound' },
  {
    reference: 'go into it',
    hypotheses: ['go in to it'],
    rows: 'go>go:pass ->in:compound into>to:compound it>it:pass',
  },
  { reference: 'a notebook', hypotheses: ['a note book'], rows: 'a>a:pass ->note:compound notebook>book:compound' },
  { reference: 'any more', hypotheses: ['anymore'], rows: 'any>-:compound more>anymore:compound' },
  {
    reference: 'baseball bat',
    hypotheses: ['base ball bat'],
    rows: '->base:compound baseball>ball:compound bat>bat:pass',
  },
]

export const SPELLING_VARIANTS: readonly VerdictCase[] = [
  {
    reference: 'the colour red',
    hypotheses: ['the color red'],
    rows: 'the>the:pass color>color:spelling_variant red>red:pass',
  },
  {
    reference: 'the color red',
    hypotheses: ['the colour red'],
    rows: 'the>the:pass color>color:spelling_variant red>red:pass',
  },
  { reference: 'the colour red', hypotheses: ['the colour red'], rows: 'the>the:pass color>color:pass red>red:pass' },
  { reference: 'it is OK', hypotheses: ['it is okay'], rows: 'it>it:pass is>is:pass okay>okay:spelling_variant' },
  {
    reference: 'walk towards me',
    hypotheses: ['walk toward me'],
    rows: 'walk>walk:pass towards>toward:spelling_variant me>me:pass',
  },
  { reference: 'amongst us', hypotheses: ['among us'], rows: 'amongst>among:spelling_variant us>us:pass' },
  { reference: 'I realised', hypotheses: ['I realized'], rows: 'i>i:pass realized>realized:spelling_variant' },
]

export const FILLER_WORDS: readonly VerdictCase[] = [
  {
    reference: 'I think so',
    hypotheses: ['I um think so'],
    rows: 'i>i:pass ->um:filler_word think>think:pass so>so:pass',
  },
  { reference: 'Uh, hello', hypotheses: ['hello'], rows: 'uh>-:filler_word hello>hello:pass' },
  { reference: 'yes', hypotheses: ['yes uh'], rows: 'yes>yes:pass ->uh:filler_word' },
  { reference: 'no', hypotheses: ['hmm no'], rows: '->hmm:filler_word no>no:pass' },
]

export const ABBREVIATIONS: readonly VerdictCase[] = [
  { reference: 'Dr. Smith', hypotheses: ['doctor smith'], rows: 'doctor>doctor:abbreviation smith>smith:pass' },
  { reference: 'Mr. Smith', hypotheses: ['mister smith'], rows: 'mister>mister:abbreviation smith>smith:pass' },
  { reference: 'Mr. Smith', hypotheses: ['Mr. Smith'], rows: 'mister>mister:pass smith>smith:pass' },
  {
    reference: 'on Main St.',
    hypotheses: ['on main saint'],
    rows: 'on>on:pass main>main:pass street>saint:abbreviation',
  },
  { reference: 'St. Louis', hypotheses: ['street louis'], rows: 'saint>street:abbreviation louis>louis:pass' },
  { reference: 'Saint Louis', hypotheses: ['street louis'], rows: 'saint>street:tts_failure louis>louis:pass' },
  {
    reference: 'it is 10 km',
    hypotheses: ['it is ten km'],
    rows: 'it>it:pass is>is:pass ten>ten:pass kilometers>km:abbreviation',
  },
  {
    reference: 'at 60 mph',
    hypotheses: ['at sixty mph'],
    rows: 'at>at:pass sixty>sixty:pass miles>mph:abbreviation per>-:abbreviation hour>-:abbreviation',
  },
  {
    reference: 'Mt. Everest',
    hypotheses: ['mountain everest'],
    rows: 'mount>mountain:abbreviation everest>everest:pass',
  },
  { reference: 'the TV', hypotheses: ['the television'], rows: 'the>the:pass tv>television:abbreviation' },
]

export const REFERENCE_ERRORS: readonly VerdictCase[] = [
  { reference: 'the the cat', hypotheses: ['the cat'], rows: 'the>-:gt_error the>the:pass cat>cat:pass' },
  {
    reference: 'I saw the the cat',
    hypotheses: ['I saw the cat'],
    rows: 'i>i:pass saw>saw:pass the>-:gt_error the>the:pass cat>cat:pass',
  },
  {
    reference: 'I recieve mail',
    hypotheses: ['I receive mail'],
    rows: 'i>i:pass recieve>receive:gt_error mail>mail:pass',
  },
  { reference: 'teh cat', hypotheses: ['the cat'], rows: 'teh>the:gt_error cat>cat:pass' },
  { reference: 'definately', hypotheses: ['definitely'], rows: 'definately>definitely:gt_error' },
  { reference: 'the cat', hypotheses: ['the the cat'], rows: '->the:tts_failure the>the:pass cat>cat:pass' },
  { reference: 'Siobhan left', hypotheses: ['shivaun left'], rows: 'siobhan>shivaun:tts_failure left>left:pass' },
]

export const TWO_ASR: readonly VerdictCase[] = [
  {
    reference: 'the cat sat',
    hypotheses: ['the cat sat', 'the cat sat'],
    rows: 'the>the|the:pass cat>cat|cat:pass sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the bat sat', 'the cat sat'],
    rows: 'the>the|the:pass cat>bat|cat:stt_error sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the cat sat', 'the hat sat'],
    rows: 'the>the|the:pass cat>cat|hat:stt_error sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the bat sat', 'the bat sat'],
    rows: 'the>the|the:pass cat>bat|bat:tts_failure sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the bat sat', 'the hat sat'],
    rows: 'the>the|the:pass cat>bat|hat:ambiguous sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the sat', 'the sat'],
    rows: 'the>the|the:pass cat>-|-:tts_failure sat>sat|sat:pass',
  },
  {
    reference: 'the cat sat',
    hypotheses: ['the sat', 'the bat sat'],
    rows: 'the>the|the:pass cat>-|bat:ambiguous sat>sat|sat:pass',
  },
  {
    reference: 'the cat',
    hypotheses: ['the big cat', 'the cat'],
    rows: 'the>the|the:pass ->big|-:stt_error cat>cat|cat:pass',
  },
  {
    reference: 'the cat',
    hypotheses: ['the cat', 'the big cat'],
    rows: 'the>the|the:pass ->-|big:stt_error cat>cat|cat:pass',
  },
  {
    reference: 'the cat',
    hypotheses: ['the big cat', 'the big cat'],
    rows: 'the>the|the:pass ->big|big:tts_failure cat>cat|cat:pass',
  },
  {
    reference: 'the cat',
    hypotheses: ['the big cat', 'the fat cat'],
    rows: 'the>the|the:pass ->big|fat:ambiguous cat>cat|cat:pass',
  },
  {
    reference: 'their house',
    hypotheses: ['there house', 'their house'],
    rows: 'their>there|their:homophone house>house|house:pass',
  },
  {
    reference: 'their house',
    hypotheses: ['there house', 'there house'],
    rows: 'their>there|there:homophone house>house|house:pass',
  },
  {
    reference: 'their house',
    hypotheses: ['there house', 'the house'],
    rows: 'their>there|the:stt_error house>house|house:pass',
  },
  {
    reference: 'the the cat',
    hypotheses: ['the cat', 'the the cat'],
    rows: 'the>-|the:gt_error the>the|the:pass cat>cat|cat:pass',
  },
  {
    reference: 'I think',
    hypotheses: ['I um think', 'I think uh'],
    rows: 'i>i|i:pass ->um|-:filler_word think>think|think:pass ->-|uh:filler_word',
  },
  {
    reference: 'every day',
    hypotheses: ['everyday', 'every day'],
    rows: 'every>everyday|every:compound day>-|day:compound',
  },
]
