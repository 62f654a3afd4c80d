// Types of processes.mjs that the tests use.

/** SIGKILLs every seqsweep process still running and waits until they are gone. */
export function killAllSeqsweepProcesses(): Promise<void>;
