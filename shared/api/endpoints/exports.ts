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
    reply: exportsApi.exportJobList,
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
