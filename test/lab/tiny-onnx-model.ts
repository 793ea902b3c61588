/**
 * A tiny ONNX speaker "model" written byte by byte, so the ONNX embedder can be tested against the real runtime
 * without downloading weights: `embedding = ReduceMax(feats, axes=[1], keepdims=0)`, taking `[1, T, 80]` fbank
 * features to an 80-number vector (the per-band maximum over time). Protocol-buffer encoding of onnx.proto's
 * ModelProto by hand: field tags, varints and length-delimited messages, nothing else.
 */

const WIRE_VARINT = 0
const WIRE_BYTES = 2

function varint(value: number): number[] {
  const bytes: number[] = []
  let rest = value
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80)
    rest = Math.floor(rest / 128)
  }
  bytes.push(rest)
  return bytes
}

const tag = (field: number, wire: number): number[] => varint(field * 8 + wire)
const int = (field: number, value: number): number[] => [...tag(field, WIRE_VARINT), ...varint(value)]
const bytes = (field: number, content: number[]): number[] => [
  ...tag(field, WIRE_BYTES),
  ...varint(content.length),
  ...content,
]
const text = (field: number, value: string): number[] => bytes(field, [...new TextEncoder().encode(value)])

/** TypeProto of a float tensor; a string dimension is symbolic (dim_param), a number fixed (dim_value). */
function floatTensorType(shape: (number | string)[]): number[] {
  const dims = shape.flatMap((dim) => bytes(1, typeof dim === 'number' ? int(1, dim) : text(2, dim)))
  return bytes(1, [...int(1, 1 /* FLOAT */), ...bytes(2, dims)])
}

const valueInfo = (name: string, shape: (number | string)[]): number[] => [
  ...text(1, name),
  ...bytes(2, floatTensorType(shape)),
]

export function reduceMaxSpeakerModel(melBins = 80): Uint8Array {
  const axes = [...text(1, 'axes'), ...int(8, 1), ...int(20, 7 /* INTS */)]
  const keepdims = [...text(1, 'keepdims'), ...int(3, 0), ...int(20, 2 /* INT */)]
  const node = [
    ...text(1, 'feats'),
    ...text(2, 'embedding'),
    ...text(4, 'ReduceMax'),
    ...bytes(5, axes),
    ...bytes(5, keepdims),
  ]
  const graph = [
    ...bytes(1, node),
    ...text(2, 'reduce-max-speaker'),
    ...bytes(11, valueInfo('feats', [1, 'frames', melBins])),
    ...bytes(12, valueInfo('embedding', [1, melBins])),
  ]
  const opset = [...text(1, ''), ...int(2, 13)]
  return Uint8Array.from([
    ...int(1, 7 /* IR version */),
    ...text(2, 'chorus-tests'),
    ...bytes(7, graph),
    ...bytes(8, opset),
  ])
}
