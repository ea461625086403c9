import processBoundary from './rules/process-boundary.js';

/** The project's own lint rules. */
export default { rules: { 'process-boundary': processBoundary } };
