/** Whole sentences mixing categories, as a TTS request would send them. */
import type { Case } from '../table.js'

export const SENTENCES: readonly Case[] = [
  [
    'Dr. Smith paid $3.50 on 2024-03-15.',
    'Doctor Smith paid three dollars and fifty cents on March fifteenth, twenty twenty-four.',
  ],
  [
    'On March 15, 2024, at 3:30 p.m., Mr. Jones ran 10 km in 45 min.',
    'On March fifteenth, twenty twenty-four, at three thirty p m, Mister Jones ran ten kilometers in forty-five minutes.',
  ],
  [
    'Sales rose 45% to $2.5 million in 2023.',
    'Sales rose forty-five percent to two point five million dollars in twenty twenty-three.',
  ],
  [
    'The 1st, 2nd and 3rd places won $100, $50 and $25.',
    'The first, second and third places won one hundred dollars, fifty dollars and twenty-five dollars.',
  ],
  [
    'Call +1 555-123-4567 or e-mail help@chorus.dev, e.g. before 5 pm.',
    'Call plus one, five five five, one two three, four five six seven or e-mail help at chorus dot dev, for example before five p m.',
  ],
  ['It was -5°C at 6:00 am on Jan. 3rd. Brr!', 'It was minus five degrees Celsius at six a m on January third. Brr!'],
  ['Use 1/2 cup of sugar & 3/4 cup of flour.', 'Use one half cup of sugar and three quarters cup of flour.'],
  [
    'Between 1990-1995, No. 7 sold 1,234,567 copies.',
    'Between nineteen ninety to nineteen ninety-five, number seven sold one million two hundred thirty-four thousand five hundred sixty-seven copies.',
  ],
  [
    'The 16 GB model costs €499.99 vs. $549.',
    'The sixteen gigabytes model costs four hundred ninety-nine euros and ninety-nine cents versus five hundred forty-nine dollars.',
  ],
  [
    'She lives at 221 Baker St. in London, near St. Paul’s.',
    'She lives at two hundred twenty-one Baker Street in London, near Saint Paul’s.',
  ],
  [
    'Open 24/7, see https://chorus.dev/docs for details.',
    'Open twenty-four seven, see chorus dot dev slash docs for details.',
  ],
  ['Line one.\nLine 2 has 3 items.', 'Line one.\nLine two has three items.'],
]
