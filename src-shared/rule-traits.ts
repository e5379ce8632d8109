/**
 * How each alert-rule kind is judged (docs/KPIS.md, "Alert rules"): which way it opens, whether it reads
 * the source as a whole whatever its `groupBy`, and whether its `windowSec` is used. The watch in main
 * (services/watch/observations.ts) reads `opens` and `sourceOnly` from here, as the rules form in the
 * renderer does, so the form never offers a grouping the watch ignores. `window` only shapes the form:
 * the watch's figures read `windowSec` in their own code, so that column is kept in step by hand.
 */
import type { RuleKind } from '../src-main/domain/alerts';

export interface RuleTraits {
  opens: 'below' | 'above';
  /** Evaluated on the whole source (per trunk or destination is not offered). */
  sourceOnly: boolean;
  /** Reads the rule's sliding window (attempt figures, drop growth, bursts). */
  window: boolean;
}

const above = (sourceOnly: boolean, window: boolean): RuleTraits => ({ opens: 'above', sourceOnly, window });

export const RULE_TRAITS: Record<RuleKind, RuleTraits> = {
  'mos-below': { opens: 'below', sourceOnly: false, window: false },
  'loss-above': above(false, false),
  'jitter-above': above(false, false),
  'rtp-missing': above(false, false),
  'asr-below': { opens: 'below', sourceOnly: false, window: true },
  'ner-below': { opens: 'below', sourceOnly: false, window: true },
  'sip-code-rate': above(false, true),
  'concurrent-above': above(true, false),
  'source-down': above(true, false),
  'capture-drops': above(true, true),
  'registrations-failed': above(true, false),
  'fraud-destination': above(false, false),
  'fraud-burst': above(true, true),
};
