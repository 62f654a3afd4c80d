/** Multi-step errors of a closed-loop rollout against persistence: computed in @seqsweep/core (forecast/). */
export { multiStepErrors } from '@seqsweep/core';
export type { MultiStepErrors, PairedSteps } from '@seqsweep/core';
