export const PACKAGE = 'coordinator';
