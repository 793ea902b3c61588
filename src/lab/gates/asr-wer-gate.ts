/** The ASR round-trip gate: the word error rate of what an ASR heard against what was asked for. */
import type { Gate } from './gate.js'

const ASR_WER_THRESHOLD = 0.2

export const asrWerGate: Gate = {
  name: 'asr_wer',
  description:
    'Word error rate (fraction; 0.2 = 20%) of the ASR hypothesis against the reference text; fails above the ' +
    'threshold. The default is lenient because small CPU recognisers mishear even clean synthetic speech.',
  defaultThreshold: ASR_WER_THRESHOLD,
  check(input, threshold = ASR_WER_THRESHOLD) {
    const value = input.wer
    if (!Number.isFinite(value) || value < 0) {
      return { status: 'fail', value, threshold, detail: `The WER is not a usable number (${value}).` }
    }
    return {
      status: value > threshold ? 'fail' : 'pass',
      value,
      threshold,
      detail: `WER ${(100 * value).toFixed(1)}% (limit ${(100 * threshold).toFixed(1)}%).`,
    }
  },
}
