import type { Catalogue } from '../domain/schemas/catalogue';
import type { Programme } from '../domain/schemas/programme';
import { message, type LocalizedText } from '../i18n';
import national10Topics from './catalogues/national-1.0.json';
import national20Abilities from './catalogues/national-2.0.json';
import guangdong10 from './data/cn-guangdong-1.0.json';
import henan20 from './data/cn-henan-2.0.json';
import national10 from './data/cn-national-1.0.json';
import national20 from './data/cn-national-2.0.json';
import { ProgrammeDataError, checkProgrammeCatalogue, parseCatalogue, parseProgramme } from './load';

/**
 * The shipped programmes and catalogues. Files are imported statically (so bundlers include them) and validated
 * on first use; a bad file fails loudly with its name and field instead of producing wrong statuses later.
 */
const PROGRAMME_FILES: Record<string, unknown> = {
  'data/cn-national-2.0.json': national20,
  'data/cn-henan-2.0.json': henan20,
  'data/cn-national-1.0.json': national10,
  'data/cn-guangdong-1.0.json': guangdong10,
};
const CATALOGUE_FILES: Record<string, unknown> = {
  'catalogues/national-2.0.json': national20Abilities,
  'catalogues/national-1.0.json': national10Topics,
};

export interface ProgrammeSummary {
  id: string;
  name: LocalizedText;
  edition: Programme['edition'];
  region: Programme['region'];
  catalogueId: string;
  dataVersion: string;
}

interface Registry {
  programmes: Map<string, Programme>;
  catalogues: Map<string, Catalogue>;
}

let registry: Registry | undefined;

function expectFileName(file: string, id: string) {
  if (!file.endsWith(`/${id}.json`)) {
    throw new ProgrammeDataError(file, [{ path: 'id', message: message('programme.id-mismatch', { id }) }]);
  }
}

function load(): Registry {
  const catalogues = new Map<string, Catalogue>();
  for (const [file, raw] of Object.entries(CATALOGUE_FILES)) {
    const catalogue = parseCatalogue(raw, file);
    expectFileName(file, catalogue.id);
    catalogues.set(catalogue.id, catalogue);
  }
  const programmes = new Map<string, Programme>();
  for (const [file, raw] of Object.entries(PROGRAMME_FILES)) {
    const programme = parseProgramme(raw, file);
    expectFileName(file, programme.id);
    const catalogue = catalogues.get(programme.catalogueId);
    if (catalogue === undefined) {
      const issue = {
        path: 'catalogueId',
        message: message('programme.unknown-catalogue', { catalogueId: programme.catalogueId }),
      };
      throw new ProgrammeDataError(file, [issue]);
    }
    const issues = checkProgrammeCatalogue(programme, catalogue);
    if (issues.length > 0) throw new ProgrammeDataError(file, issues);
    programmes.set(programme.id, programme);
  }
  return { programmes, catalogues };
}

function loaded(): Registry {
  registry ??= load();
  return registry;
}

export function listProgrammes(): ProgrammeSummary[] {
  return [...loaded().programmes.values()].map(({ id, name, edition, region, catalogueId, dataVersion }) => ({
    id,
    name,
    edition,
    region,
    catalogueId,
    dataVersion,
  }));
}

export function findProgramme(id: string): Programme | undefined {
  return loaded().programmes.get(id);
}

/** Throws for an unknown id, naming the ids that exist. */
export function getProgramme(id: string): Programme {
  const programme = findProgramme(id);
  if (programme === undefined) {
    const text = message('programme.unknown', { id, known: [...loaded().programmes.keys()] });
    throw new Error(`${text.zh} / ${text.en}`);
  }
  return programme;
}

export function getCatalogue(id: string): Catalogue {
  const catalogue = loaded().catalogues.get(id);
  if (catalogue === undefined) {
    throw new Error(`unknown catalogue "${id}"; known: ${[...loaded().catalogues.keys()].join(', ')}`);
  }
  return catalogue;
}

export function listCatalogues(): Catalogue[] {
  return [...loaded().catalogues.values()];
}
