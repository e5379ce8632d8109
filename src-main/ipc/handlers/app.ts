import { checkExternalUrl } from '../../core/external-url';
import type { AppContext } from '../../core/context';
import { hasCapability } from '../../backends/registry';
import type { Handler } from '../router';
import type { appChannels } from '../contract/app';

type H = { [C in keyof typeof appChannels]: Handler<C> };

export function appHandlers(ctx: AppContext): H {
  return {
    'app:info': async () => ({
      version: ctx.appVersion,
      platform: process.platform,
      configDir: ctx.configDir,
      keychain: process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service (libsecret)',
    }),
    'app:openExternal': async ({ url }) => {
      // Links open only under the base URL of a profile that signs them (SIP VAULT).
      const bases = (await ctx.profiles.list()).flatMap((p) => (hasCapability(p, 'signLink') && 'baseUrl' in p ? [p.baseUrl] : []));
      await ctx.platform.openExternal(checkExternalUrl(url, bases).toString());
      return { ok: true as const };
    },
  };
}
