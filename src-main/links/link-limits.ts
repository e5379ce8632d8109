/** Bounds shared by the signer and the IPC contract (kept free of node: imports for the preload bundle). */

/** The agent's wire protocol caps Call-IDs at 512 bytes (MaxCallIDLength); longer ones may never be stored. */
export const SIPVAULT_MAX_STORED_CALL_ID_BYTES = 512;
/** Hard bound on what we sign at all: far above any real Call-ID, small enough for a URL. */
export const MAX_CALL_ID_BYTES = 2048;
