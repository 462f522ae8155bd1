import { type CollectTarget, gatherableSlots } from '../common/collect';
import type { Profile } from '../common/messages';
import { pick, t } from '../ui/i18n';

const keyOf = (target: CollectTarget | undefined) => (target ? `${target.abilityCode}/${target.slotId}` : '');

export function GatherTarget(props: {
  profile: Profile;
  target: CollectTarget | undefined;
  onChange: (target: CollectTarget | null) => void;
}) {
  const slots = gatherableSlots(props.profile).map((s) => ({
    ...s,
    label: `${s.abilityCode} ${pick(s.abilityName)} · ${pick(s.slotName)}`,
  }));
  if (slots.length === 0) return <p class="notice">{t('gatherNoSlots')}</p>;
  return (
    <div>
      <label for="gather-slot">{t('gatherSlot')}</label>
      <select
        id="gather-slot"
        value={keyOf(props.target)}
        onChange={(e) => {
          const chosen = slots.find((s) => keyOf(s) === e.currentTarget.value);
          props.onChange(chosen ? { abilityCode: chosen.abilityCode, slotId: chosen.slotId } : null);
        }}
      >
        <option value="">—</option>
        {slots.map((s) => (
          <option key={keyOf(s)} value={keyOf(s)}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
