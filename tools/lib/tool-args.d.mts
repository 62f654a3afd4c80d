// Types of tool-args.mjs, for tests.
export function headerUsage(text: string): string;
export function parseErrorSentence(error: unknown): string;
export function toolArgs(scriptUrl: string, config: import('node:util').ParseArgsConfig, argv?: string[]): ReturnType<typeof import('node:util').parseArgs>;
export function refuseArg(scriptUrl: string, sentence: string): never;
