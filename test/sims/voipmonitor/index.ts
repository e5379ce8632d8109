/** Simulated VoIPmonitor sensor: server, scenario engine and seed data for tests, demo and benchmarks. */
export { startVoipmonitorSim, type VoipmonitorSim, type VoipmonitorSimOptions, type SimRequest } from './sim';
export { Scenario, mulberry32, type ScenarioOptions, type SimCall } from './scenario';
export { LISTCALLS_COLUMNS, REGISTER_COLUMNS } from './columns';
export { renderListcalls, renderRegisters, seedRegistrations, callRow, encodeRow } from './render';

/** The key/IV of the published vectors (voipmonitor-manager-vectors.json); fine for demos, never for real sensors. */
export const DEMO_AES = { keyB64: 'MDEyMzQ1Njc4OWFiY2RlZg==', ivB64: 'ZmVkY2JhOTg3NjU0MzIxMA==' } as const;

/** Seed data for `npm run demo`: a few sensors with different sizes and behaviours. */
export function demoSensors(): Array<{ id: string; name: string; count: number; seed: number; degradeRatio: number }> {
  return [
    { id: 'hq-sensor', name: 'HQ sensor', count: 40, seed: 11, degradeRatio: 0.15 },
    { id: 'dc-sensor', name: 'Datacentre sensor', count: 400, seed: 22, degradeRatio: 0.05 },
  ];
}
