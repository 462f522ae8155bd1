import type { Catalogue } from './schemas/catalogue';
import type { z } from 'zod';
import type { localizedTextSchema } from './schemas/common';

type LocalizedText = z.output<typeof localizedTextSchema>;

/**
 * The catalogue as teachers and assessors read it: a name and a rule. Verification notes ("推断模板…核实",
 * "未找到官方值", "大小上限为推断") are for the people who configure the programme and stay on the admin
 * catalogue; a placeholder name (【名称待核实】B1（混合学习环境下的学情分析）) shows only its working title.
 */
export function catalogueForPeople(catalogue: Catalogue): Catalogue {
  return {
    ...catalogue,
    abilities: catalogue.abilities.map((ability) => {
      const { note: _evidenceNote, ...evidence } = ability.evidence;
      const { note: _verificationNote, ...verification } = ability.verification;
      return {
        ...ability,
        name: plainName(ability.name),
        verification,
        evidence: { ...evidence, slots: evidence.slots.map(({ note: _slotNote, ...slot }) => slot) },
      };
    }),
    topics: catalogue.topics.map(({ verification: { note: _note, ...verification }, ...topic }) => ({
      ...topic,
      name: plainName(topic.name),
      verification,
    })),
  };
}

const ZH_PLACEHOLDER = /^【名称待核实】\s*[A-Z]?\d*\s*（(.+)）$/;
const EN_PLACEHOLDER = /^\[name unknown\]\s*[A-Z]?\d*\s*\((.+)\)$/;

/** A placeholder name without its marker and code: 【名称待核实】B9（同伴互评与自评） → 同伴互评与自评. */
export function plainName(name: LocalizedText): LocalizedText {
  const zh = ZH_PLACEHOLDER.exec(name.zh)?.[1] ?? name.zh.replace(/^【[^】]*待核实】\s*/, '');
  const en = EN_PLACEHOLDER.exec(name.en)?.[1] ?? name.en.replace(/^\[name unknown\]\s*/, '');
  return { zh, en: en.charAt(0).toUpperCase() + en.slice(1) };
}
