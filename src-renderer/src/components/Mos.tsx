/** MOS with its band shown three ways: colour, a symbol and words (never colour alone). */
import { mosBand, type MosBand } from '../lib/live-rows';

const SYMBOL: Record<MosBand, string> = { good: '●', fair: '◐', poor: '▲', bad: '✖', unknown: '' };

export function Mos({ value, testId }: { value: number | null; testId?: string }) {
  const band = mosBand(value);
  if (band === 'unknown') return <span className="muted">–</span>;
  return (
    <span className={`mos mos-${band}`} title={`MOS ${value?.toFixed(2)}: ${band}`} data-testid={testId} data-band={band}>
      <span aria-hidden="true">{SYMBOL[band]}</span> {value?.toFixed(2)} <span className="sr-only">{band}</span>
    </span>
  );
}
