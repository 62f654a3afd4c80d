export const PACKAGE = 'worker';
