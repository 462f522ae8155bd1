import { useState } from 'preact/hooks';
import type { DestinationsReply } from '../../../../../shared/api/extension';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';

/** Puts a library resource into a text or link slot of one of the teacher's chosen abilities (as a draft). */
export function UseAsEvidence({ resourceId }: { resourceId: string }) {
  const { api, lang, pick } = useApp();
  const en = lang === 'en';
  const destinations = useResource(() => api.get<DestinationsReply>('/me/library/destinations'), [api]);
  const [ability, setAbility] = useState('');
  const [slot, setSlot] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>();
  if (destinations.loading && !destinations.data) return <Loading />;
  if (destinations.error !== undefined) return <ErrorMessage error={destinations.error} />;
  const list = destinations.data?.destinations ?? [];
  const chosen = list.find((d) => d.abilityCode === ability);

  async function use(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      await api.send('POST', `/me/library/${resourceId}/use`, { abilityCode: ability, slotId: slot });
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form class="row wrap" onSubmit={(e) => void use(e)}>
      <label>
        {en ? 'Micro-ability' : '微能力点'}{' '}
        <select
          value={ability}
          onChange={(e) => {
            setAbility(e.currentTarget.value);
            setSlot('');
          }}
        >
          <option value="">—</option>
          {list.map((d) => (
            <option key={d.abilityCode} value={d.abilityCode}>
              {d.abilityCode} {pick(d.name)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {en ? 'Evidence item' : '成果项'}{' '}
        <select value={slot} onChange={(e) => setSlot(e.currentTarget.value)}>
          <option value="">—</option>
          {chosen?.slots
            .filter((s) => s.clippable)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.name)}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={!ability || !slot}>
        {en ? 'Use as evidence' : '用作实践成果'}
      </button>
      {done && (
        <span role="status" class="muted small">
          {en ? 'Saved to the draft.' : '已保存到成果草稿。'}
        </span>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}
