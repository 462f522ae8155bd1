import { useState } from 'preact/hooks';
import type { AbilityCatalogueReply, CatalogueEntryView } from '../../../../../shared/api/ability-catalogue';
import { Empty, ErrorMessage, Loading } from '../../components/status';
import { useApp } from '../context';
import { useResource } from '../use-resource';
import { abilityCatalogueStrings, type AbilityCatalogueStrings } from './ability-catalogue-strings';

/**
 * The programme catalogues with their verification notes ("推断模板…核实", "未找到官方值") and placeholder names
 * (【名称待核实】): for the administrator who checks the programme's data. Teachers read the same catalogue without
 * them; each entry shows the name they see.
 */
export function AdminAbilityCatalogue() {
  const { api, lang, pick } = useApp();
  const s = abilityCatalogueStrings(lang);
  const list = useResource(() => api.get<AbilityCatalogueReply>('/admin/ability-catalogue'), [api]);
  const [chosen, setChosen] = useState<string>();
  const [onlyToCheck, setOnlyToCheck] = useState(true);
  const catalogues = list.data?.catalogues ?? [];
  const catalogue = catalogues.find((c) => c.id === chosen) ?? catalogues[0];
  const entries = catalogue?.entries.filter((e) => !onlyToCheck || e.needsCheck) ?? [];

  return (
    <section aria-labelledby="ability-catalogue-heading" class="stack">
      <h2 id="ability-catalogue-heading">{s.heading}</h2>
      <p class="muted small">{s.help}</p>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && catalogues.length === 0 && <Empty>{s.noCatalogues}</Empty>}
      {catalogue && (
        <div class="stack">
          <div class="row">
            {catalogues.length > 1 && (
              <label class="grow">
                {s.catalogue}
                <select value={catalogue.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
                  {catalogues.map((c) => (
                    <option key={c.id} value={c.id}>
                      {pick(c.name)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label class="inline">
              <input
                type="checkbox"
                checked={onlyToCheck}
                onChange={(e) => setOnlyToCheck((e.target as HTMLInputElement).checked)}
              />
              {s.onlyToCheck}
            </label>
          </div>
          <p class="small muted">
            {catalogue.programmes.length > 0 &&
              `${s.usedBy(catalogue.programmes.map((p) => pick(p.name)).join('、'))} · `}
            {s.counts(catalogue.counts.entries, catalogue.counts.needsCheck, catalogue.counts.placeholders)}
          </p>
          {entries.length === 0 ? (
            <Empty>{s.empty}</Empty>
          ) : (
            <ul class="ability-list" aria-label={pick(catalogue.name)}>
              {entries.map((entry) => (
                <EntryCard key={`${entry.kind}-${entry.code}`} entry={entry} s={s} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function EntryCard({ entry, s }: { entry: CatalogueEntryView; s: AbilityCatalogueStrings }) {
  const { pick } = useApp();
  return (
    <li class="ability-card catalogue-entry">
      <div class="break-words">
        <strong>{entry.code}</strong> {pick(entry.name)}
        <span class={entry.status === 'confirmed' ? 'badge ok' : 'badge warn'}>
          {s.status[entry.status] ?? entry.status}
        </span>
        {entry.placeholderName && <span class="badge warn">{s.placeholder}</span>}
      </div>
      <div class="small muted break-words">
        {pick(entry.group)}
        {entry.level && ` · ${s.level(entry.level)}`}
        {entry.templateConfidence && ` · ${s.template(entry.templateConfidence)}`}
      </div>
      {entry.placeholderName && (
        <div class="small break-words">
          {s.teachersSee}
          {pick(entry.shownName)}
        </div>
      )}
      {entry.notes.length > 0 && (
        <ul class="small catalogue-notes">
          {entry.notes.map((n, i) => (
            <li key={i} class="break-words">
              <span class="muted">
                {s.about[n.about]}
                {n.slotName ? `「${pick(n.slotName)}」` : ''}：
              </span>
              {pick(n.note)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
