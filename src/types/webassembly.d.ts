/**
 * The slice of the WebAssembly JS API Chorus uses. TypeScript ships these types only in lib.dom, which a Node
 * service should not pull in; Node provides the runtime global.
 */
declare namespace WebAssembly {
  interface Module {
    readonly __brand?: 'WebAssembly.Module'
  }
  interface Instance {
    readonly exports: Record<string, unknown>
  }
  type ImportValue = unknown
  type Imports = Record<string, Record<string, ImportValue>>
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>
  function instantiate(module: Module, imports?: Imports): Promise<Instance>
}
