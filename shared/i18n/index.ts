export { renderMessage, message, label, pickText } from './render';
export type { Language, LocalizedText, Message, MessageKey, MessageParam, MessageParams, SentenceList } from './render';
export {
  parseWithIssues,
  bilingual,
  bilingualIssue,
  formatPath,
  type FieldIssue,
  type ParseOutcome,
} from './zod-issues';
export { localizeTree } from './localize-tree';
