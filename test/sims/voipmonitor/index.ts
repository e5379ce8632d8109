/** Simulated VoIPmonitor sensor: server, scenario engine and seed data for tests, demo and benchmarks. */
export { startVoipmonitorSim, type VoipmonitorSim, type VoipmonitorSimOptions, type SimRequest } from './sim';
export { Scenario, mulberry32, type ScenarioOptions, type SimCall } from './scenario';
export { LISTCALLS_COLUMNS, REGISTER_COLUMNS } from './columns';
export { renderListcalls, renderRegisters, seedRegistrations, callRow, encodeRow, sipPackets } from './render';

/** The key/IV of the published vectors (voipmonitor-manager-vectors.json); fine for demos, never for real sensors. */
export const DEMO_AES = { keyB64: 'MDEyMzQ1Njc4OWFiY2RlZg==', ivB64: 'ZmVkY2JhOTg3NjU0MzIxMA==' } as const;

/** Seed data for `npm run demo`: a few sensors with different sizes and behaviours. */
/** The demo's sensors: HQ keeps SIP messages for live calls (active_call_info = yes), the datacentre does not. */
export function demoSensors(): Array<{ id: string; name: string; count: number; seed: number; degradeRatio: number; activeCallInfo: boolean }> {
  return [
    { id: 'hq-sensor', name: 'HQ sensor', count: 40, seed: 11, degradeRatio: 0.15, activeCallInfo: true },
    { id: 'dc-sensor', name: 'Datacentre sensor', count: 400, seed: 22, degradeRatio: 0.05, activeCallInfo: false },
  ];
}
