export const PACKAGE = 'tui';
