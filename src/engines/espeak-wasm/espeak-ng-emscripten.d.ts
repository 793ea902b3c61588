/**
 * `@echogarden/espeak-ng-emscripten` ships JavaScript only: its default export is an Emscripten module factory. The
 * parts Chorus calls are typed as a structural subset in `worker.ts`.
 */
declare module '@echogarden/espeak-ng-emscripten' {
  const createModule: (moduleArg?: object) => Promise<unknown>
  export default createModule
}
