import * as incentives from '../incentives';
import * as institutions from '../institutions';
import { endpoint as e, type Endpoint } from './types';

/** The incentives a county grants (programme parameters incentives.*) and institution performance, scoped. */
export const incentivesEndpoints: readonly Endpoint[] = [
  e({
    method: 'get',
    path: '/api/v1/incentives',
    tag: 'schools',
    summary: '区县奖励：候选与确认 · Incentives: candidates and decisions',
    auth: 'session',
    query: incentives.incentivesQuery,
    reply: incentives.incentivesReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/incentives/confirm',
    tag: 'schools',
    summary: '区县确认奖励 · County confirms incentives',
    auth: 'session',
    body: incentives.confirmIncentivesBody,
    reply: incentives.decideIncentivesReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/incentives/withdraw',
    tag: 'schools',
    summary: '区县撤销奖励（附理由） · County withdraws incentives with a reason',
    auth: 'session',
    body: incentives.withdrawIncentivesBody,
    reply: incentives.decideIncentivesReply,
  }),
  e({
    method: 'get',
    path: '/api/v1/institutions/performance',
    tag: 'schools',
    summary: '承训机构完成率与合格率 · Training institutions: completion and pass rates',
    auth: 'session',
    query: institutions.institutionsQuery,
    reply: institutions.institutionsReply,
  }),
];
