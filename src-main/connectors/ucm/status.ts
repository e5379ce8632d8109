/**
 * UCM API status codes (docs/UCM.md §3) turned into operator messages: what happened, what to do.
 */
import { CallboardError, type ErrorCode } from '../../core/errors';

interface StatusInfo {
  code: ErrorCode;
  text: (who: string, action: string, user: string) => string;
}

const TABLE: Record<number, StatusInfo> = {
  [-1]: { code: 'protocol', text: (w, a) => `${w} rejected the "${a}" request as invalid parameters; this is a Callboard bug or an unsupported firmware, please report it` },
  [-5]: { code: 'auth', text: (w) => `${w} asked for authentication again after a fresh login; check the API user settings on the UCM` },
  [-6]: { code: 'auth', text: (w) => `${w} rejected the session cookie again after a fresh login; check the API user settings on the UCM` },
  [-7]: { code: 'connection', text: (w) => `${w} closed the connection; try again in a few seconds` },
  [-8]: { code: 'timeout', text: (w) => `${w} reported a system timeout; try again shortly` },
  [-9]: { code: 'connection', text: (w) => `${w} reported an internal PBX error; try again later` },
  [-15]: { code: 'usage', text: (w, a) => `${w} refused a value in the "${a}" request as invalid` },
  [-16]: { code: 'not_found', text: (w) => `${w} does not know that item (a call that already ended, or an unknown extension); refresh and try again` },
  [-19]: { code: 'unsupported', text: (w, a) => `${w} does not support "${a}" on this model or firmware` },
  [-24]: { code: 'connection', text: (w) => `${w} failed to operate on its data; try again later` },
  [-25]: { code: 'connection', text: (w) => `${w} failed to update its data; try again later` },
  [-26]: { code: 'connection', text: (w) => `${w} failed to get the data; try again later` },
  [-37]: { code: 'auth', text: (w, _a, u) => `${w} rejected the password for API user "${u}"; Callboard will not retry on its own, because repeated failures lock this computer's IP out. Set the correct API password (not a web UI login) and test again` },
  [-43]: { code: 'connection', text: (w) => `${w} says the data was modified meanwhile; refresh and try again` },
  [-44]: { code: 'usage', text: (w) => `${w} says this item already exists` },
  [-45]: { code: 'policy', text: (w) => `${w} is busy (operations too frequent or another user doing the same); retry after 15 seconds` },
  [-46]: { code: 'policy', text: (w) => `${w} is busy (operations too frequent or another user doing the same); retry after 15 seconds` },
  [-47]: { code: 'auth', text: (w, a) => a === 'challenge' || a === 'login'
    ? `${w} refused API access: the API is disabled, the API user is not enabled, or this computer's IP is not in the permitted IPs (HTTP Server and API user settings)`
    : `${w} refused "${a}": the API user has no permission for it; grant it under API Configuration > HTTPS API Settings (New)` },
  [-50]: { code: 'usage', text: (w, a) => `${w} refused the "${a}" request because a value contains characters it considers unsafe` },
  [-51]: { code: 'connection', text: (w) => `${w} is running another task; try again later` },
  [-57]: { code: 'policy', text: (w) => `${w} is busy (operations too frequent); retry after 60 seconds` },
  [-68]: { code: 'auth', text: (w) => `${w} has locked out this computer's IP after failed logins (default 5 minutes); wait for the ban to end, fix the password, and ask the admin to whitelist this IP under Login Security` },
  [-69]: { code: 'connection', text: (w) => `${w} cannot apply changes while a conference is in progress` },
  [-70]: { code: 'auth', text: (w) => `${w} forbids login for this API user or from this address; ask the UCM administrator` },
  [-71]: { code: 'auth', text: (w, _a, u) => `${w} says the API user "${u}" does not exist; check the user name in the profile` },
  [-90]: { code: 'connection', text: (w) => `${w} says the conference is busy` },
  [-98]: { code: 'connection', text: (w) => `${w} has digital calls in progress and could not apply the configuration` },
};

/** Codes after which the session is re-established once and the request retried once. */
export const RELOGIN_STATUSES = new Set([-5, -6, -8]);
/** Codes after which nothing is retried automatically: each attempt counts toward the IP lock-out. */
export const NO_RETRY_LOGIN_STATUSES = new Set([-37, -68, -70, -71]);

export function ucmStatusError(status: number, who: string, action: string, user = ''): CallboardError {
  const info = TABLE[status];
  if (!info) return new CallboardError('connection', `${who} answered "${action}" with error status ${status}.`, { status });
  return new CallboardError(info.code, `${info.text(who, action, user)} (status ${status}).`, { status });
}

export const KNOWN_STATUSES = Object.keys(TABLE).map(Number);
