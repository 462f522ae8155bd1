import { idParams } from '../common';
import * as review from '../review';
import { endpoint as e, type Endpoint } from './types';

/** The assessor's side: queue, grading, returns, county review. */
export const reviewEndpoints: readonly Endpoint[] = [
  e({
    method: 'get',
    path: '/api/v1/review/queue',
    tag: 'review',
    summary: '审核队列 · Queue',
    auth: 'session',
    query: review.queueQuery,
    reply: review.queueReply,
  }),
  e({
    method: 'get',
    path: '/api/v1/review/filters',
    tag: 'review',
    summary: '筛选项 · Filters',
    auth: 'session',
    reply: review.filtersReply,
  }),
  e({
    method: 'get',
    path: '/api/v1/review/submissions/:id',
    tag: 'review',
    summary: '提交详情 · Submission',
    auth: 'session',
    params: idParams,
    reply: review.reviewDetailReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/review/submissions/:id/grades',
    tag: 'review',
    summary: '评定 · Grade',
    auth: 'session',
    params: idParams,
    body: review.gradeBody,
    reply: review.gradeReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/review/submissions/:id/return',
    tag: 'review',
    summary: '退回 · Return',
    auth: 'session',
    params: idParams,
    body: review.returnBody,
    reply: review.transitionReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/review/submissions/:id/county-review',
    tag: 'review',
    summary: '区县复核 · County review',
    auth: 'session',
    params: idParams,
    body: review.countyBody,
    reply: review.countyReply,
  }),
  e({
    method: 'post',
    path: '/api/v1/review/batch',
    tag: 'review',
    summary: '批量合格 · Batch pass',
    auth: 'session',
    body: review.batchBody,
    reply: review.batchReply,
  }),
];
