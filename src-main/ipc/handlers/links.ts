import type { AppContext } from '../../core/context';
import { copyLink, copyTicketText, getTemplate, openLink, previewLink, setTemplate, type LinkResult } from '../../services/links';
import { TEMPLATE_PRESETS } from '../../links/ticket-template';
import type { Handler } from '../router';
import type { linksChannels } from '../contract/links';

type H = { [C in keyof typeof linksChannels]: Handler<C> };

/** Only what the UI displays: never the signature parts separately, never the secret. */
function view(l: LinkResult) {
  return { url: l.url, validUntil: l.validUntil, validUntilEpoch: l.validUntilEpoch, vaultProfileId: l.vaultProfileId, ...(l.warning ? { warning: l.warning } : {}) };
}

export function linksHandlers(ctx: AppContext): H {
  return {
    'links:preview': async (t) => view(await previewLink(ctx, t)),
    'links:copy': async (t) => view(await copyLink(ctx, t)),
    'links:open': async (t) => view(await openLink(ctx, t)),
    'links:copyTicket': async (c) => {
      const { text, link } = await copyTicketText(ctx, c);
      return { text, link: view(link) };
    },
    'links:getTemplate': async () => ({ setting: await getTemplate(ctx), presets: { plain: TEMPLATE_PRESETS.plain, markdown: TEMPLATE_PRESETS.markdown } }),
    'links:setTemplate': async ({ setting }) => ({ setting: await setTemplate(ctx, setting) }),
  };
}
