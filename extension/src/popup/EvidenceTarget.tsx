import type { Profile, Slot } from '../common/messages';
import { FILE_SLOT_KINDS } from '../common/clip-file';
import { pick, t } from '../ui/i18n';

/** Choose an ability and one of its slots; the slot's requirements are shown before anything is sent. */
export function EvidenceTarget(props: {
  profile: Profile;
  abilityCode: string;
  slotId: string;
  onChange: (abilityCode: string, slotId: string) => void;
}) {
  const { destinations } = props.profile;
  if (destinations.length === 0) return <p class="notice">{t('noDestinations')}</p>;
  const ability = destinations.find((d) => d.abilityCode === props.abilityCode) ?? destinations[0];
  const slot: Slot | undefined = ability?.slots.find((s) => s.id === props.slotId);
  return (
    <div>
      <label for="ev-ability">{t('ability')}</label>
      <select id="ev-ability" value={ability?.abilityCode} onChange={(e) => props.onChange(e.currentTarget.value, '')}>
        {destinations.map((d) => (
          <option key={d.abilityCode} value={d.abilityCode}>
            {d.abilityCode} {pick(d.name)}
          </option>
        ))}
      </select>
      <label for="ev-slot">{t('slot')}</label>
      <select
        id="ev-slot"
        value={props.slotId}
        onChange={(e) => props.onChange(ability?.abilityCode ?? '', e.currentTarget.value)}
      >
        <option value="">—</option>
        {ability?.slots.map((s) => (
          <option key={s.id} value={s.id} disabled={!s.clippable && !FILE_SLOT_KINDS.has(s.kind)}>
            {pick(s.name)} · {s.required ? t('slotRequired') : t('slotOptional')}
          </option>
        ))}
      </select>
      {slot && (
        <ul class="requirements" data-testid="slot-requirements">
          <li>{slot.required ? t('slotRequired') : t('slotOptional')}</li>
          {slot.limits.minCharacters ? <li>{t('slotMinChars', slot.limits.minCharacters)}</li> : null}
          {slot.note ? <li>{pick(slot.note)}</li> : null}
          {!slot.clippable && <li>{t('slotNotClippable')}</li>}
        </ul>
      )}
    </div>
  );
}
