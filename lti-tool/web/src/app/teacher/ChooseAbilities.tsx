import { useState } from 'preact/hooks';
import type { CatalogueResponse } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import type { View } from '../navigation';
import { useResource } from '../use-resource';

/**
 * Choosing micro-abilities within the rules: the school's environment and shortlist decide what may be chosen, and
 * each ability that may not says why. The count and dimension rules are shown as the teacher ticks.
 */
export function ChooseAbilities({ navigate }: { navigate: (view: View) => void }) {
  const { api, pick, lang } = useApp();
  const en = lang === 'en';
  const catalogue = useResource(() => api.get<CatalogueResponse>('/catalogue'), [api]);
  const [chosen, setChosen] = useState<Set<string> | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (catalogue.loading && !catalogue.data) return <Loading />;
  if (catalogue.error !== undefined) return <ErrorMessage error={catalogue.error} onRetry={catalogue.reload} />;
  const data = catalogue.data;
  if (!data) return null;
  const selected = chosen ?? new Set(data.abilities.filter((a) => a.selected).map((a) => a.code));
  const dimensionsCovered = new Set(
    data.abilities.filter((a) => selected.has(a.code) && a.allowed).map((a) => a.dimension),
  );
  const { minAbilities, minDimensions } = data.rules;

  function toggle(code: string) {
    const next = new Set(selected);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setChosen(next);
  }

  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      await api.send('PUT', '/me/selections', { abilities: [...selected] });
      navigate({ tab: 'teacher', screen: 'home' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="choose-heading">
      <p>
        <button type="button" class="link" onClick={() => navigate({ tab: 'teacher', screen: 'home' })}>
          ← {en ? 'Back' : '返回'}
        </button>
      </p>
      <h1 id="choose-heading">{en ? 'Choose micro-abilities' : '选择微能力点'}</h1>
      <p class="notice" role="status" aria-live="polite">
        {en
          ? `Chosen ${selected.size}${minAbilities ? ` (at least ${minAbilities})` : ''}; dimensions covered ${dimensionsCovered.size}${minDimensions ? ` (at least ${minDimensions})` : ''}.`
          : `已选 ${selected.size} 个${minAbilities ? `（至少 ${minAbilities} 个）` : ''}，覆盖 ${dimensionsCovered.size} 个维度${minDimensions ? `（至少 ${minDimensions} 个）` : ''}。`}
      </p>
      {error !== undefined && <ErrorMessage error={error} />}
      {data.dimensions.map((dimension) => (
        <fieldset key={dimension.id} class="card">
          <legend>{pick(dimension.name)}</legend>
          {data.abilities
            .filter((a) => a.dimension === dimension.id)
            .map((a) => (
              <div key={a.code} class="choice">
                <label>
                  <input
                    type="checkbox"
                    checked={selected.has(a.code)}
                    disabled={!a.allowed && !selected.has(a.code)}
                    onChange={() => toggle(a.code)}
                    aria-describedby={a.reason ? `reason-${a.code}` : undefined}
                  />{' '}
                  <strong>{a.code}</strong> {pick(a.name)}
                </label>
                {a.reason && (
                  <p id={`reason-${a.code}`} class="small muted">
                    {pick(a.reason.message)}
                  </p>
                )}
              </div>
            ))}
        </fieldset>
      ))}
      <p class="row">
        <button type="button" onClick={() => void save()} disabled={busy}>
          {busy ? (en ? 'Saving…' : '正在保存…') : en ? 'Save my choice' : '保存选择'}
        </button>
      </p>
    </section>
  );
}
