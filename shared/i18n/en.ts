import type { MessageKey } from './zh-CN';

/** English messages. Typed against the Chinese catalogue so a missing or extra key fails to compile. */
export const en: Record<MessageKey, string> = {
  'state.not_started': 'Not started',
  'state.in_progress': 'In progress: there is still something to do',
  'state.awaiting_review': 'Everything the teacher can do is done; waiting for the school review',
  'state.ready_to_certify': 'All requirements are met; hours can be certified',
  'state.certified': 'Certified; certificate issued on {issuedAt}',

  'requirement.self-assessment.met': 'Pre-training self-assessment done ({actual}/{required} indicators)',
  'requirement.self-assessment.unmet': 'Pre-training self-assessment not done: {actual}/{required} indicators answered',
  'requirement.hours-total.met': 'Hours in total: {actual} (at least {required} required)',
  'requirement.hours-total.unmet': 'Hours in total: {actual}; {missing} more needed to reach {required}',
  'requirement.hours-online.met': 'Online study hours: {actual} (at least {required} required)',
  'requirement.hours-online.unmet': 'Online study hours: {actual}; {missing} more needed to reach {required}',
  'requirement.hours-practice.met': 'School-based practice hours: {actual} (at least {required} required)',
  'requirement.hours-practice.unmet':
    'School-based practice hours: {actual}; {missing} more needed to reach {required}',
  'requirement.practice-share.met': 'Practice is {actual}% of the hours, at least the required {required}%',
  'requirement.practice-share.unmet': 'Practice is {actual}% of the hours, below the required {required}%',
  'requirement.abilities-selected.met': 'Countable micro-abilities chosen: {actual} (at least {required} required)',
  'requirement.abilities-selected.unmet': 'Countable micro-abilities chosen: {actual}; at least {required} required',
  'requirement.dimensions-selected.met':
    'Dimensions covered by the chosen abilities: {actual} (at least {required} required)',
  'requirement.dimensions-selected.unmet':
    'Dimensions covered by the chosen abilities: {actual}; at least {required} required',
  'requirement.abilities-passed.met':
    'Micro-abilities assessed pass or excellent: {actual} (at least {required} required)',
  'requirement.abilities-passed.unmet':
    'Micro-abilities assessed pass or excellent: {actual}; at least {required} required',
  'requirement.dimensions-passed.met':
    'Dimensions covered by passed abilities: {actual} (at least {required} required)',
  'requirement.dimensions-passed.unmet':
    'Dimensions covered by passed abilities: {actual}; at least {required} required',

  'selection.unknown-ability': 'Ability {code} is not in the catalogue "{catalogue}" and does not count',
  'selection.environment-not-available':
    '{code} belongs to the {environment}; this is a {schoolEnvironment}, which may choose only {allowed} abilities, so it does not count',
  'selection.not-on-shortlist': "{code} is not on the school's shortlist ({shortlist}) and does not count",
  'selection.duplicate': '{code} was chosen twice and counts once',
  'selection.not-applicable': 'This programme ({programme}) assesses no micro-abilities, so {code} does not count',

  'hours.outside-window':
    '{hours} hours in school year {schoolYear} fall outside the programme window (school years {startYear}–{endYear}) and do not count',
  'hours.unknown-topic': 'Course {courseId} is not a topic of this programme; its {hours} hours do not count',
  'hours.capped-course': 'Course {courseId} exceeds the per-course cap of {max} hours; {excess} hours do not count',
  'hours.capped-category': '{category} exceeds the cap of {max} hours; {excess} hours do not count',

  'evidence.missing-slot': 'Required item "{slot}" is missing',
  'evidence.wrong-extension': '"{slot}" is a .{extension} file; allowed: {allowed}',
  'evidence.too-large': '"{slot}" is {size} MB, over the limit of {max} MB',
  'evidence.too-long': 'The "{slot}" video is {minutes} minutes, over the limit of {max}',
  'evidence.too-short': '"{slot}" has {characters} characters, fewer than the minimum of {min}',
  'evidence.unknown-slot': 'Item {slotId} is not part of what {code} asks for and was ignored',
  'evidence.without-selection': 'Evidence for {code} has no countable selection and was ignored',

  'action.deadline-passed':
    'The programme deadline {deadline} has passed; ask your school or county about late completion',
  'action.complete-self-assessment':
    'Complete the pre-training self-assessment first ({answered}/{required} answered); course choice opens after it',
  'action.resubmit-evidence': 'Evidence for {code} {name} was returned: revise it as the reviewer asked and resubmit',
  'action.rework-failed-ability': '{code} {name} was assessed as fail: revise and resubmit, or choose another ability',
  'action.choose-abilities': 'Choose {missing} more micro-abilities available at your school (environments: {allowed})',
  'action.cover-dimensions': 'Choose abilities that cover more dimensions; not yet covered: {dimensions}',
  'action.complete-evidence': 'Complete the evidence for {code} {name}: {problems}',
  'action.submit-evidence': 'The evidence for {code} {name} is complete: submit it for school review',
  'action.log-online-hours': '{missing} more online study hours needed',
  'action.log-practice-hours': '{missing} more school-based practice hours needed',
  'action.log-hours': '{missing} more hours needed',
  'action.await-review': 'Evidence for {codes} is waiting for the school review',
  'action.request-certification':
    'All requirements are met: ask the school or county to certify the hours and issue the certificate',

  'label.category.online': 'Online study',
  'label.category.practice': 'School-based practice',
  'label.school.multimedia': 'multimedia-environment school',
  'label.school.blended': 'blended-learning school',
  'label.school.smart': 'smart-learning school',
  'label.grade.excellent': 'excellent',
  'label.grade.pass': 'pass',
  'label.grade.fail': 'fail',
  'label.none': 'none',
  'label.kind.document': 'document',
  'label.kind.slides': 'slides',
  'label.kind.video': 'video',
  'label.kind.image': 'image',
  'label.kind.link': 'link',
  'label.kind.text': 'text',

  'catalogue.csv.unterminated-quote': 'Unclosed quote (starting on row {row})',
  'catalogue.csv.stray-quote': 'Row {row}: a quote appears inside an unquoted field',
  'catalogue.csv.empty': 'The file has no data rows',
  'catalogue.csv.missing-column': 'Required column "{column}" is missing (accepted headers: {aliases})',
  'catalogue.csv.unknown-column': 'Unknown column "{column}" was ignored',
  'catalogue.csv.duplicate-column': 'Column "{column}" appears more than once',
  'catalogue.csv.column-count': 'Row {row} has {actual} fields; the header has {expected}',
  'catalogue.field.required': '"{field}" must not be empty',
  'catalogue.field.invalid-choice': '"{field}" has the invalid value "{value}"; allowed: {allowed}',
  'catalogue.field.invalid-number': '"{field}" must be a positive number, not "{value}"',
  'catalogue.field.invalid-boolean': '"{field}" must be yes/no, not "{value}"',
  'catalogue.field.invalid-code': '"{field}" value "{value}" is malformed; use letters then digits, e.g. A1',
  'catalogue.field.invalid-id':
    '"{field}" value "{value}" must use lower-case letters, digits and hyphens, e.g. lesson-plan',
  'catalogue.field.inconsistent': '"{field}" of {code} differs from row {firstRow}',
  'catalogue.field.missing-english': '{code} has no English name; the Chinese name is used',
  'catalogue.duplicate-ability': 'Ability {code} is defined more than once',
  'catalogue.duplicate-slot': 'Evidence slot {slotId} of {code} is defined more than once',
  'catalogue.no-required-slot': '{code} needs at least one required evidence slot',
  'catalogue.missing-rubric': '{code} has no {grade} criteria',
  'catalogue.unknown-reference': '"{field}" refers to "{value}", which does not exist',
  'catalogue.json.syntax': 'Invalid JSON: {detail}',
  'catalogue.empty': 'The catalogue has no abilities',

  'programme.id-mismatch': 'id "{id}" does not match the file name',
  'programme.unknown-catalogue': 'Catalogue "{catalogueId}" does not exist',
  'programme.unknown': 'Unknown programme "{id}"; known: {known}',

  'input.invalid-json': 'The input file is not valid JSON: {detail}',
  'input.invalid-field': 'Field {path} is invalid: {detail}',
};
