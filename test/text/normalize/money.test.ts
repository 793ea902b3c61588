import * as cases from './cases/money.js'
import { specify } from './table.js'

specify('currency amounts with major and minor units', cases.CURRENCY)
specify('percentages', cases.PERCENT)
