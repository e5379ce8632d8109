/**
 * One connection tester per profile kind. Each returns a plain-language success message or throws a
 * CallboardError (TrustRequiredError on first contact).
 */
import type { TesterTable } from './connection-test';
import { testSipvault } from './sipvault-tester';
import { testWildix } from '../connectors/wildix/tester';
import { testUcm } from '../connectors/ucm/tester';
import { testVoipmonitor } from '../connectors/voipmonitor/tester';

export const testers: TesterTable = {
  voipmonitor: testVoipmonitor,
  ucm: testUcm,
  wildix: testWildix,
  sipvault: testSipvault,
};
