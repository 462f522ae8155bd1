import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Message } from '../../../../shared/i18n';
import { evaluateSelection } from '../../../../shared/domain/engine/selection';
import type { Db } from '../../db/client';
import { abilitySelections, submissions } from '../../db/schema';
import { DomainError } from '../errors';
import { recordAudit, type AuditActor } from '../audit';
import { programmeOf } from './course-link';
import type { EnrolmentState } from './enrolment';
import { activeSelections, schoolContextOf } from './records';
import { refreshTeacherStatus } from '../teacher-status/refresh';

type Enrolled = Extract<EnrolmentState, { state: 'enrolled' }>;

/**
 * The catalogue as this teacher may choose from it: each ability with whether the school's environment and
 * shortlist allow it (the engine's own selection rule decides, with its reason in Chinese and English).
 */
export async function catalogueFor(db: Db, enrolled: Enrolled) {
  const { programme, catalogue } = programmeOf(enrolled.link.instance);
  const school = schoolContextOf(enrolled.school);
  const verdicts = evaluateSelection(
    programme,
    catalogue,
    school,
    catalogue.abilities.map((a) => ({ abilityCode: a.code })),
  );
  const chosen = new Set((await activeSelections(db, enrolled.enrolment.id)).map((s) => s.abilityCode));
  return {
    environment: school.environment,
    shortlist: school.shortlist ?? null,
    rules: {
      minAbilities: programme.selection?.minAbilities.value ?? null,
      minDimensions: programme.selection?.minDimensions.value ?? null,
    },
    dimensions: catalogue.dimensions,
    abilities: catalogue.abilities.map((ability, index) => {
      const verdict = verdicts.items[index];
      return {
        code: ability.code,
        name: ability.name,
        environment: ability.environment,
        dimension: ability.dimension,
        allowed: verdict?.counted ?? false,
        reason: verdict?.reason ?? null,
        selected: chosen.has(ability.code),
      };
    }),
  };
}

/**
 * Makes the teacher's active selections equal `codes`: new ones must be allowed for the school; a withdrawal is
 * refused once evidence for that ability left the draft state. History is kept (withdrawn rows stay).
 */
export async function setSelections(db: Db, enrolled: Enrolled, codes: string[], actor: AuditActor) {
  const { enrolment } = enrolled;
  const wanted = [...new Set(codes)];
  const current = await activeSelections(db, enrolment.id);
  const currentCodes = new Set(current.map((s) => s.abilityCode));
  const adds = wanted.filter((c) => !currentCodes.has(c));
  const removes = current.filter((s) => !wanted.includes(s.abilityCode));

  const allowed = new Map((await catalogueFor(db, enrolled)).abilities.map((a) => [a.code, a]));
  const refused: { abilityCode: string; reason: { code: string; message: Message } | null }[] = [];
  for (const code of adds) {
    const verdict = allowed.get(code);
    if (!verdict?.allowed) refused.push({ abilityCode: code, reason: verdict?.reason ?? null });
  }
  if (refused.length > 0) throw new DomainError('ability_not_allowed', { refused });

  if (removes.length > 0) {
    const locked = await db
      .select({ abilityCode: submissions.abilityCode })
      .from(submissions)
      .where(
        and(
          eq(submissions.enrolmentId, enrolment.id),
          inArray(
            submissions.abilityCode,
            removes.map((r) => r.abilityCode),
          ),
          inArray(submissions.state, [
            'submitted',
            'returned',
            'school_graded',
            'county_confirmed',
            'county_overridden',
          ]),
        ),
      );
    if (locked.length > 0)
      throw new DomainError('selection_locked', { abilityCodes: locked.map((l) => l.abilityCode) });
  }

  await db.transaction(async (tx) => {
    const base = { tenantId: enrolment.tenantId, subjectPersonId: enrolment.personId, ...actor };
    for (const removed of removes) {
      const [after] = await tx
        .update(abilitySelections)
        .set({ withdrawnAt: new Date() })
        .where(and(eq(abilitySelections.id, removed.id), isNull(abilitySelections.withdrawnAt)))
        .returning();
      if (!after) throw new DomainError('conflict');
      const entity = { entityType: 'ability_selection', entityId: removed.id };
      await recordAudit(tx, { ...base, ...entity, action: 'selection.withdraw', before: removed, after });
    }
    for (const code of adds) {
      const [row] = await tx
        .insert(abilitySelections)
        .values({ tenantId: enrolment.tenantId, enrolmentId: enrolment.id, abilityCode: code })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new DomainError('conflict');
      await recordAudit(tx, {
        ...base,
        action: 'selection.choose',
        entityType: 'ability_selection',
        entityId: row.id,
        after: row,
      });
    }
    await refreshTeacherStatus(tx, enrolment.id);
  });
  return catalogueFor(db, enrolled);
}
