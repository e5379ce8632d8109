/**
 * Dial classes and input bounds, without the number metadata: the IPC contract (and so the preload
 * bundle) imports this file, and must not pull in libphonenumber's metadata.
 */
export const DIAL_CLASSES = ['internal', 'national', 'mobile', 'international', 'premium-rate', 'shared-cost', 'toll-free', 'unknown'] as const;
export type DialClass = (typeof DIAL_CLASSES)[number];

/** Longest input we look at: a formatted international number with separators fits easily. */
export const MAX_DESTINATION_LENGTH = 40;
