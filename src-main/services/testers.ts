/**
 * One connection tester per profile kind. Each returns a plain-language success message or throws a
 * CallboardError (TrustRequiredError on first contact).
 */
import { CallboardError } from '../core/errors';
import type { AppContext } from './context';
import type { Profile } from '../profiles/schema';
import type { TesterTable } from './connection-test';
import { testSipvault } from './sipvault-tester';
import { testWildix } from '../connectors/wildix/tester';
import { testUcm } from '../connectors/ucm/tester';
import { testVoipmonitor } from '../connectors/voipmonitor/tester';

function notWired(kind: string) {
  return async (_ctx: AppContext, _p: Profile): Promise<string> => {
    throw new CallboardError('unsupported', `Testing ${kind} profiles is not available in this build.`);
  };
}

export const testers: TesterTable = {
  voipmonitor: testVoipmonitor,
  ucm: testUcm,
  wildix: testWildix,
  sipvault: testSipvault,
};
