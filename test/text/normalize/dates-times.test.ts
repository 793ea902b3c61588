import * as cases from './cases/dates-times.js'
import { specify } from './table.js'

specify('dates in ISO, US, European and written forms', cases.DATES)
specify('clock times', cases.TIMES)
