/**
 * The 20 English sentences the synthesis benchmarks speak: 5–30 words each, a spread of lengths, with numbers, times,
 * money, percentages, a phone number, a version string and most punctuation marks. Each is exactly one sentence to
 * Chorus's splitter, so an engine receives it whole (no look-ahead parallelism between sentences skews timings).
 */
export const BENCHMARK_SENTENCES: readonly string[] = [
  'Five small ducks swam quietly.',
  'Please turn left at the next corner.',
  'Is it true that the train leaves at 6:45 tomorrow?',
  'Call me back on 555-0142 when you get a chance!',
  'The meeting starts at nine thirty, so please be on time.',
  'Why would anyone leave a perfectly good sandwich on the bus?',
  'She bought 3 apples, 2 pears, and a dozen eggs for $7.49.',
  'Wait — did you really just say that the bridge is closed until March?',
  'Flight BA 117 to New York has been delayed by approximately forty minutes.',
  'Our revenue grew by 12.5 percent in 2023, beating every forecast we had made.',
  'Keep the receipt: you will need it if you want a refund within 30 days.',
  'Honestly, I think the second half of the film was much better than the first.',
  'The temperature dropped to minus 4 degrees overnight, and the roads were covered in ice.',
  'The recipe calls for 250 grams of flour, 2 eggs, and a pinch of salt; nothing else.',
  'Version 2.4.1 fixes three bugs, improves start-up time by 40%, and adds support for larger files.',
  'According to the report, roughly 1,250 households lost power during the storm on Tuesday evening.',
  '"We are not finished yet," she said, "but the hardest part (the foundations) is done."',
  'In 1969, Neil Armstrong became the first person to walk on the Moon, an event watched by millions around the world.',
  'Although the forecast promised sunshine all weekend, it rained steadily from Friday night until late on Sunday afternoon, so the picnic was cancelled.',
  'When the committee finally met on the 14th of October, after months of delays and rescheduled calls, it approved the new budget in under twenty minutes.',
]

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).length
}
