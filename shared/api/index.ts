/**
 * The API contract shared by the server, the web app and the extension: zod request and reply schemas, one module
 * per resource. Routes parse with them (lti-tool/server/http/validate.ts); clients infer their types from them.
 */
export * from './common';
export * from './admin-keys';
export * from './exports';
export * from './course-mappings';
export * as teacherApi from './teacher';
export * as reviewApi from './review';
export * as adminApi from './admin';
export * as meApi from './me';
export * as roleGrantsApi from './role-grants';
export * as schoolsApi from './schools';
