import * as cases from './cases/symbols.js'
import { specify } from './table.js'

specify('symbols', cases.SYMBOLS)
specify('URLs', cases.URLS)
specify('e-mail addresses', cases.EMAILS)
specify('phone numbers, digit by digit in groups', cases.PHONES)
specify('optional plurals', cases.OPTIONAL_PLURALS)
