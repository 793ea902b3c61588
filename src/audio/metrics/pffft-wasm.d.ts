/** `@echogarden/pffft-wasm` ships JavaScript only: it default-exports an Emscripten module factory (see fft.ts). */
declare module '@echogarden/pffft-wasm' {
  const createModule: (moduleArg?: object) => Promise<unknown>
  export default createModule
}
