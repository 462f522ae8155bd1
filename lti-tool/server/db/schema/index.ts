// The whole schema, one module per aggregate. drizzle-kit reads this file (drizzle.config.ts).
export * from './tenants';
export * from './lti-registrations';
export * from './organisations';
export * from './people';
export * from './programmes';
export * from './course-completions';
export * from './hours-ledger';
export * from './school-tasks';
export * from './submissions';
export * from './assessments';
export * from './certificates';
export * from './audit-log';
export * from './tool-keys';
export * from './lti-links';
export * from './lti-sessions';
export * from './grade-outbox';
export * from './completion-sources';
