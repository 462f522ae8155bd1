import type { AbilityCatalogueReply, CatalogueEntryView } from '../../../shared/api/ability-catalogue';
import { plainName } from '../../../shared/domain/catalogue-for-people';
import type { Catalogue, LabelledId } from '../../../shared/domain/schemas/catalogue';
import { listCatalogues, listProgrammes } from '../../../shared/programmes/registry';

type Text = { zh: string; en: string };

const nameIn = (list: LabelledId[], id: string): Text => list.find((x) => x.id === id)?.name ?? { zh: id, en: id };

/** Placeholder names carry a marker ending in 待核实】 ("【名称待核实】B1（…）") or "[name unknown]". */
const isPlaceholder = (name: Text) => /待核实】/.test(name.zh) || /^\[name unknown\]/.test(name.en);

function entry(base: Omit<CatalogueEntryView, 'shownName' | 'placeholderName' | 'needsCheck'>): CatalogueEntryView {
  const placeholderName = isPlaceholder(base.name);
  const needsCheck = placeholderName || base.notes.length > 0 || base.status !== 'confirmed';
  return { ...base, shownName: plainName(base.name), placeholderName, needsCheck };
}

function viewOf(catalogue: Catalogue): AbilityCatalogueReply['catalogues'][number] {
  const abilities = catalogue.abilities.map((a) =>
    entry({
      code: a.code,
      kind: 'ability',
      name: a.name,
      group: {
        zh: `${nameIn(catalogue.environments, a.environment).zh} · ${nameIn(catalogue.dimensions, a.dimension).zh}`,
        en: `${nameIn(catalogue.environments, a.environment).en} · ${nameIn(catalogue.dimensions, a.dimension).en}`,
      },
      status: a.verification.status,
      level: a.verification.level ?? null,
      templateConfidence: a.evidence.confidence,
      notes: [
        ...(a.verification.note ? [{ about: 'entry' as const, note: a.verification.note }] : []),
        ...(a.evidence.note ? [{ about: 'template' as const, note: a.evidence.note }] : []),
        ...a.evidence.slots.flatMap((s) =>
          s.note ? [{ about: 'slot' as const, slotName: s.name, note: s.note }] : [],
        ),
      ],
    }),
  );
  const topics = catalogue.topics.map((t) =>
    entry({
      code: t.code,
      kind: 'topic',
      name: t.name,
      group: nameIn(catalogue.topicParts, t.part),
      status: t.verification.status,
      level: t.verification.level ?? null,
      templateConfidence: null,
      notes: t.verification.note ? [{ about: 'entry', note: t.verification.note }] : [],
    }),
  );
  const entries = [...abilities, ...topics];
  return {
    id: catalogue.id,
    name: catalogue.name,
    dataVersion: catalogue.dataVersion,
    programmes: listProgrammes()
      .filter((p) => p.catalogueId === catalogue.id)
      .map((p) => ({ id: p.id, name: p.name })),
    entries,
    counts: {
      entries: entries.length,
      needsCheck: entries.filter((e) => e.needsCheck).length,
      placeholders: entries.filter((e) => e.placeholderName).length,
    },
  };
}

/**
 * The shipped catalogues for the administrator's catalogue screen, notes and all: the same data teachers read through
 * catalogueForPeople without them. The catalogues are the same for every tenant, so this reads no database.
 */
export function abilityCatalogueForAdmin(): AbilityCatalogueReply {
  return { catalogues: listCatalogues().map(viewOf) };
}
