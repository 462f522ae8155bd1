import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf, primaryId, updatedAt } from './columns';
import { people } from './people';
import { tenantId } from './tenants';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../../shared/domain/ids';

/** province → city → county → school → teaching-research group (教研组). */
export const organisationKinds = ORGANISATION_KINDS;
export type { OrganisationKind };

/** A school's diagnosed teaching environment: A 多媒体, B 混合, C 智慧. */
export const teachingEnvironments = ['multimedia', 'blended', 'smart'] as const;
export type TeachingEnvironment = (typeof teachingEnvironments)[number];

/**
 * The administrative tree a tenant works in. A tenant's root may be any level (a county-run tenant has a
 * county root), so only groups are required to have a parent; the kind order is checked by services.
 */
export const organisations = pgTable(
  'organisations',
  {
    id: primaryId(),
    tenantId: tenantId(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: organisationKinds }).notNull(),
    /** Administrative division code or school code, as used in provincial registries. */
    code: text('code'),
    name: text('name').notNull(),
    // School-only fields (see organisations_school_fields_check).
    teachingEnvironment: text('teaching_environment', { enum: teachingEnvironments }),
    /** When the environment was diagnosed (a calendar date in China time) and on what basis (survey, inspection…). */
    environmentDiagnosedOn: date('environment_diagnosed_on'),
    environmentBasis: text('environment_basis'),
    /** The principal, who leads the school's IT management team (holds school_team over the school). */
    principalPersonId: uuid('principal_person_id'),
    /** The school's shortlist of micro-ability codes teachers choose from, when it has one. */
    abilityShortlist: text('ability_shortlist').array(),
    /** 校本研修主题. */
    researchTheme: text('research_theme'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('organisations_tenant_id_id_key').on(t.tenantId, t.id),
    unique('organisations_tenant_id_kind_code_key').on(t.tenantId, t.kind, t.code),
    foreignKey({
      name: 'organisations_parent_fk',
      columns: [t.tenantId, t.parentId],
      foreignColumns: [t.tenantId, t.id],
    }).onDelete('restrict'),
    // Lazy (a callback), so the organisations ↔ people import cycle is harmless.
    foreignKey({
      name: 'organisations_principal_fk',
      columns: [t.tenantId, t.principalPersonId],
      foreignColumns: [people.tenantId, people.id],
    }).onDelete('restrict'),
    index('organisations_parent_id_idx').on(t.parentId),
    index('organisations_tenant_id_kind_idx').on(t.tenantId, t.kind),
    oneOf('organisations_kind_check', t.kind, organisationKinds),
    oneOf('organisations_teaching_environment_check', t.teachingEnvironment, teachingEnvironments),
    check('organisations_not_own_parent', sql`${t.parentId} <> ${t.id}`),
    check('organisations_group_has_parent', sql`${t.kind} <> 'group' or ${t.parentId} is not null`),
    check(
      'organisations_school_fields_check',
      sql`${t.kind} = 'school' or (${t.teachingEnvironment} is null and ${t.abilityShortlist} is null and ${t.researchTheme} is null
        and ${t.environmentDiagnosedOn} is null and ${t.environmentBasis} is null and ${t.principalPersonId} is null)`,
    ),
  ],
);
