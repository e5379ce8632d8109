/** Settings section: which clock every time in the console (and the CLI, CSV and tickets) is shown on. */
import { useDisplay } from '../stores/display';
import type { ZoneChoice } from '../../../src-shared/time-format';

const CHOICES: { id: ZoneChoice; label: (zone: string) => string; help: string }[] = [
  { id: 'operator', label: (z) => `My time zone (${z})`, help: 'This computer’s zone.' },
  { id: 'source', label: () => 'The PBX’s or sensor’s clock', help: 'Each row on its source’s own clock, with its UTC offset.' },
  { id: 'utc', label: () => 'UTC', help: 'Coordinated Universal Time, as many NOC tickets use.' },
];

export function DisplayZoneSection() {
  const { zone, setChoice } = useDisplay();
  return (
    <section className="display-zone" data-testid="display-zone">
      <h3 id="display-zone-title">Times are shown in</h3>
      <div role="radiogroup" aria-labelledby="display-zone-title" className="radio-row">
        {CHOICES.map((c) => (
          <label key={c.id} className="check" title={c.help}>
            <input type="radio" name="display-zone" value={c.id} checked={zone.choice === c.id} onChange={() => void setChoice(c.id)} data-testid={`display-zone-${c.id}`} /> {c.label(zone.operatorZone)}
          </label>
        ))}
      </div>
      <p className="field-help">Used by every table, detail panel, CSV export, ticket and the command line’s text output; column headers name the zone. JSON output keeps ISO 8601 with the source’s offset.</p>
    </section>
  );
}
