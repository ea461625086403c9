/** The residence-card reader (在留カード / 特別永住者証明書, gen 1 and gen 2): what the host core uses. */
export { readResidenceCard, type ReadResidenceCardOptions } from './reader';
export { parseResidenceCardNumber, type ResidenceCardNumber } from './card-number';
export type { HostNonces, HostNonceSource } from './authentication';
export type * from './types';
