import * as cases from './cases/abbreviations.js'
import { specify } from './table.js'

specify('titles before names', cases.TITLES)
specify('"St." and "Dr." as Saint and Doctor, or Street and Drive', cases.STREETS_AND_SAINTS)
specify('shorthand, keeping a full stop only where a sentence ends', cases.SHORTHAND)
