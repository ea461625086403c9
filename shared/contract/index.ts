export * from './contract';
export * from './errors';
export * from './views';
export * from './api';
export * from './wire';
export * from './windows';
