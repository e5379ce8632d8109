import { checkExternalUrl } from '../../core/external-url';
import type { AppContext } from '../../core/context';
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
      const bases = (await ctx.profiles.list()).flatMap((p) => (p.kind === 'sipvault' ? [p.baseUrl] : []));
      await ctx.platform.openExternal(checkExternalUrl(url, bases).toString());
      return { ok: true as const };
    },
  };
}
