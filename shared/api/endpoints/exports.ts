import { idParams } from '../common';
import * as exportsApi from '../exports';
import { endpoint as e, type Endpoint } from './types';

/** Report exports (county officials). */
export const exportsEndpoints: readonly Endpoint[] = [
  e({
    method: 'get',
    path: '/api/v1/exports',
    tag: 'exports',
    summary: '导出列表 · Exports',
    auth: 'session',
    query: exportsApi.exportListQuery,
    reply: exportsApi.exportJobList,
  }),
  e({
    method: 'get',
    path: '/api/v1/report-schedules',
    tag: 'exports',
    summary: '定时报表 · Report schedules',
    auth: 'session',
    reply: exportsApi.reportScheduleList,
  }),
  e({
    method: 'post',
    path: '/api/v1/report-schedules',
    tag: 'exports',
    summary: '设置定时报表 · Set up a report schedule',
    auth: 'session',
    body: exportsApi.reportScheduleBody,
    reply: exportsApi.reportSchedule,
    status: 201,
  }),
  e({
    method: 'delete',
    path: '/api/v1/report-schedules/:id',
    tag: 'exports',
    summary: '停止定时报表 · Stop a report schedule',
    auth: 'session',
    params: idParams,
    status: 204,
  }),
  e({
    method: 'post',
    path: '/api/v1/exports',
    tag: 'exports',
    summary: '请求导出 · Request an export',
    auth: 'session',
    body: exportsApi.createExportBody,
    reply: exportsApi.exportJob,
    status: 202,
  }),
  e({
    method: 'get',
    path: '/api/v1/exports/:id',
    tag: 'exports',
    summary: '导出状态 · Export',
    auth: 'session',
    params: idParams,
    reply: exportsApi.exportJob,
  }),
  e({
    method: 'get',
    path: '/api/v1/exports/:id/file',
    tag: 'exports',
    summary: '下载导出 · Download',
    auth: 'session',
    params: idParams,
    file: 'application/octet-stream',
  }),
];
