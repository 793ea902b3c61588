import * as cases from './cases/units.js'
import { specify } from './table.js'

specify('units after numbers, singular for exactly one', cases.UNITS)
