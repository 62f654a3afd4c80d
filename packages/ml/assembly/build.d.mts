/** Compiles assembly/lstm.ts; resolves to the .wasm bytes. */
export function compileLstmWasm(): Promise<Uint8Array>;
/** The TypeScript module that carries `bytes`. */
export function renderGeneratedModule(bytes: Uint8Array): string;
/** The generated module's path. */
export const GENERATED_MODULE: string;
