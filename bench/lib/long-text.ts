/**
 * The long text of the `long-text-ttfa` benchmark: exactly 5,000 characters of plain English prose written for Chorus
 * (no copied text), in 12 paragraphs of unrelated topics — a ferry crossing, a bread recipe, dialogue in quotes, a
 * council budget with dates and pounds, a list with semicolons, a phone number, an abbreviation ("Dr."), times
 * ("6:30 a.m.", "14:05"), dollars, percentages, years and a cricket over — so the front end (sentence splitting and
 * normalization) meets a realistic mix, not one sentence repeated. Paragraphs are separated by a blank line.
 *
 * Its first sentence is also spoken on its own, as the short baseline: time to first audio for the whole text should
 * differ from it only by what the server does with the rest of the text before the first sentence sounds.
 */

const PARAGRAPHS: readonly string[] = [
  'The ferry to Marlow Point left the harbour at a quarter past seven, carrying fourteen passengers, two bicycles and a crate of oranges. By the time it cleared the breakwater, the fog had lifted enough to show the lighthouse, painted in faded red and white stripes, standing on its rock like a patient sentry. Nobody on deck said much; the wind was sharp, and most people had wrapped their scarves twice around their necks.',
  'Baking a simple loaf needs less equipment than most people expect. You will want 500 grams of strong white flour, 7 grams of dried yeast, 10 grams of salt and about 320 millilitres of lukewarm water. Mix everything in a large bowl, knead it for ten minutes, then leave the dough covered until it has doubled in size, which usually takes an hour or so in a warm kitchen. Shape it, let it rise again, and bake it at 220 degrees Celsius for 30 to 35 minutes. Tap the bottom: if it sounds hollow, it is done.',
  '"Are you sure this is the right road?" asked Priya, squinting at the map. "Positive," said her brother, although he had turned the map upside down twice in the last mile. They stopped at a petrol station where a man in a green cap pointed east and told them to look for a barn with a blue roof. Twenty minutes later they found it, and beside it the narrow lane that led, at last, to their grandmother\'s cottage.',
  "On Monday, 3 March 2025, the city council published its transport plan. It promises 42 new bus shelters, a cycle lane along the whole of Station Road, and fares capped at £2.50 for any single journey under an hour. Critics point out that the budget, roughly 18.7 million pounds, is smaller than last year's; supporters reply that the money will be spent faster. Either way, residents can comment online until the 30th of April.",
  'Octopuses are remarkable problem solvers. Each arm contains a dense cluster of neurons, so in a sense the animal thinks partly with its limbs. In laboratory tests, some have learned to unscrew jar lids, squeeze through gaps barely wider than their eyes, and recognise individual keepers. They live surprisingly short lives, however: many species survive for only one or two years.',
  "At 6:30 a.m. the market square is almost empty. A baker unloads trays of rolls, a florist arranges buckets of tulips, and a street sweeper works slowly along the gutter, whistling a tune nobody else recognises. By nine o'clock the stalls are crowded, prices are being argued over, and the smell of fried onions drifts from a van selling sausages at $4.75 each. By noon, it is as if the quiet morning never happened.",
  'Before you leave for the weekend, please remember the following: water the tomatoes; lock the back gate; switch off the heating in the spare room; and put the recycling out on Sunday evening, not Monday morning. If anything goes wrong, call Dr. Evans next door on 555-0187. She has a spare key and, more importantly, she knows where the stopcock is.',
  'The old mill on the river was built in 1843 and ground corn for almost ninety years. When it closed, the wheel was left to rot, and for decades children dared each other to climb the crumbling stairs. In 1998 a group of volunteers raised enough money to restore it. Today it turns again every Saturday, and visitors can buy a small bag of flour, still warm, for a few coins.',
  'It was the final over of the match, and the visitors needed nine runs to win. The first ball went for a single. The second was a wide. Then came a four through the covers, a dot ball, and another single, which left three runs needed from the final delivery. The bowler took a long breath, ran in, and bowled a perfect yorker that crashed into the base of the stumps. The home crowd, silent for most of the afternoon, suddenly found its voice.',
  'Learning an instrument as an adult is humbling. Your fingers refuse to do what your mind asks, and simple tunes that a seven-year-old plays with ease seem impossibly fast. Yet progress comes, often when you least expect it. One evening you sit down, play a piece from start to finish without stopping, and realise that the weeks of clumsy practice were not wasted after all.',
  'Version 3.2 of the timetable app fixes a bug that showed some trains twice, adds a dark mode, and cuts start-up time by about 40%. Users who report problems are asked to include their phone model, the exact time of the error (for example, 14:05 on a Tuesday), and a short description of what they expected to see. The developers, a team of five, read every message, although they admit that replies can take a week or more.',
  'Will the ferry still run next winter? The operators say yes, provided that passenger numbers stay above 60,000 a year and the new engine, ordered in January, arrives on time. Until then, the crossing takes about 45 minutes, costs £6 each way, and remains, for many people, the best part of the journey. Buy your ticket at the kiosk by the pier, find a seat on the upper deck, and watch the town shrink behind you until it looks like a model on a dusty shelf.',
]

export const LONG_TEXT: string = PARAGRAPHS.join('\n\n')

/** The opening sentence of {@link LONG_TEXT}, exactly as Chorus's sentence splitter cuts it. */
export const FIRST_SENTENCE =
  'The ferry to Marlow Point left the harbour at a quarter past seven, carrying fourteen passengers, two bicycles and a crate of oranges.'

/** The benchmark reports this length; a change to the text must keep it. */
export const LONG_TEXT_CHARS = 5000
