/**
 * The echogarden DSP packages ship JavaScript only: each default-exports an Emscripten module factory. The C functions
 * each wrapper calls are typed next to their use (resample.ts, time-stretch.ts) as structural subsets.
 */

declare module '@echogarden/speex-resampler-wasm' {
  const createModule: (moduleArg?: object) => Promise<unknown>
  export default createModule
}

declare module '@echogarden/sonic-wasm' {
  const createModule: (moduleArg?: object) => Promise<unknown>
  export default createModule
}
