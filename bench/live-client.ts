/**
 * The client code the live poll bench measures, built by Vite as the app's main process is
 * (electron-vite): one module scope, direct calls. Run from TypeScript sources through tsx instead,
 * every call across modules (values.ts' int(), num(), str(), ...) goes through an export getter of the
 * CommonJS interop, which cost about 1 ms per 10,000-call poll that the shipped app never pays.
 */
export { VoipmonitorSensor } from '../src-main/connectors/voipmonitor/sensor';
export { voipmonitorProfileSchema } from '../src-main/profiles/schema';
export { diffCalls, emptyDiffState } from '../src-main/services/live/diff';
