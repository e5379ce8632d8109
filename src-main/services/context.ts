/** Kept for code written before the context moved to core/context.ts; new code imports core/context. */
export * from '../core/context';
