/** The "no such baseline" error both dialects raise, listing what the store does have so the caller can pick. */
import { ChorusError } from '../errors.js'

/** At most this many names are listed; the rest are counted. */
const LISTED = 20

export function baselineNotFound(name: string, known: readonly string[]): ChorusError {
  const listed = known.slice(0, LISTED).join(', ')
  const more = known.length > LISTED ? ` and ${known.length - LISTED} more` : ''
  return new ChorusError('CHORUS_ERR_BASELINE_NOT_FOUND', {
    name,
    valid: known.length === 0 ? 'none yet' : `${listed}${more}`,
  })
}
