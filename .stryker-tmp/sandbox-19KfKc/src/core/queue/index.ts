// @ts-nocheck
export * from './types.js';
export * from './state.js';
export * from './rules.js';
export * from './figures.js';
