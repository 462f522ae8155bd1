/**
 * Every JSON endpoint with the shared/api schemas it parses and answers with, one file per resource. The server
 * generates its OpenAPI document from this table (lti-tool/server/http/openapi.ts, served at
 * /api/v1/openapi.json); routes parse with the same schemas. Add a row with each new endpoint.
 */
import { adminEndpoints } from './admin';
import { completionsEndpoints } from './completions';
import { exportsEndpoints } from './exports';
import { extensionEndpoints } from './extension';
import { incentivesEndpoints } from './incentives';
import { oversightEndpoints } from './oversight';
import { reviewEndpoints } from './review';
import { schoolProfileEndpoints } from './school-profile';
import { schoolsEndpoints } from './schools';
import { setupEndpoints } from './setup';
import { teacherEndpoints } from './teacher';
import type { Endpoint } from './types';

export type { Endpoint, EndpointAuth } from './types';

export const endpoints: readonly Endpoint[] = [
  ...teacherEndpoints,
  ...reviewEndpoints,
  ...exportsEndpoints,
  ...adminEndpoints,
  ...setupEndpoints,
  ...oversightEndpoints,
  ...completionsEndpoints,
  ...extensionEndpoints,
  ...schoolsEndpoints,
  ...schoolProfileEndpoints,
  ...incentivesEndpoints,
];
