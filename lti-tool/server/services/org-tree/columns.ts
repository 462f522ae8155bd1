import { ORG_IMPORT_COLUMNS, type OrgImportColumn } from '../../../../shared/api/organisations';
import type { OrganisationKind } from '../../../../shared/domain/ids';

export interface Text {
  zh: string;
  en: string;
}

/** The tree's levels, top down, with the columns that describe each. Only a 教研组's code is optional. */
export const LEVELS: Array<{
  kind: OrganisationKind;
  code: OrgImportColumn;
  name: OrgImportColumn;
  label: Text;
  /** What a valid code looks like, in words for the error message. */
  codeRule: Text;
  codePattern: RegExp;
}> = [
  {
    kind: 'province',
    code: 'provinceCode',
    name: 'provinceName',
    label: { zh: '省', en: 'province' },
    codeRule: { zh: '6 位或 12 位行政区划代码，例如 410000', en: 'a 6- or 12-digit division code, e.g. 410000' },
    codePattern: /^(\d{6}|\d{12})$/,
  },
  {
    kind: 'city',
    code: 'cityCode',
    name: 'cityName',
    label: { zh: '市', en: 'city' },
    codeRule: { zh: '6 位或 12 位行政区划代码，例如 410100', en: 'a 6- or 12-digit division code, e.g. 410100' },
    codePattern: /^(\d{6}|\d{12})$/,
  },
  {
    kind: 'county',
    code: 'countyCode',
    name: 'countyName',
    label: { zh: '区县', en: 'county' },
    codeRule: { zh: '6 位或 12 位行政区划代码，例如 410102', en: 'a 6- or 12-digit division code, e.g. 410102' },
    codePattern: /^(\d{6}|\d{12})$/,
  },
  {
    kind: 'school',
    code: 'schoolCode',
    name: 'schoolName',
    label: { zh: '学校', en: 'school' },
    codeRule: {
      zh: '4–20 位字母或数字（一般为 10 位学校标识码）',
      en: '4–20 letters or digits (usually the 10-digit school identifier)',
    },
    codePattern: /^[0-9A-Za-z]{4,20}$/,
  },
  {
    kind: 'group',
    code: 'groupCode',
    name: 'groupName',
    label: { zh: '教研组', en: 'group' },
    codeRule: { zh: '1–30 位字母、数字、- 或 _', en: '1–30 letters, digits, - or _' },
    codePattern: /^[0-9A-Za-z_-]{1,30}$/,
  },
];

export const MAX_NAME_LENGTH = 100;

export function headerOf(key: OrgImportColumn): Text {
  const column = ORG_IMPORT_COLUMNS.find((c) => c.key === key)!;
  return { zh: column.zh, en: column.en };
}

const normalise = (h: string) => h.replace(/[\s*＊:：]/g, '').toLowerCase();
const KNOWN = new Map<string, OrgImportColumn>(
  ORG_IMPORT_COLUMNS.flatMap((c) => [
    [normalise(c.zh), c.key],
    [normalise(c.en), c.key],
    [normalise(c.key), c.key],
  ]),
);

/** Which cell index holds which column; headers in Chinese, English or the key itself, `*` marks ignored. */
export function mapHeader(header: string[]): { index: Map<OrgImportColumn, number>; unknown: string[] } {
  const index = new Map<OrgImportColumn, number>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    const key = KNOWN.get(normalise(h));
    if (key && !index.has(key)) index.set(key, i);
    else if (h.trim() !== '') unknown.push(h.trim());
  });
  return { index, unknown };
}
