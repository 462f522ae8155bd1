import type { z } from 'zod';

/**
 * How a caller proves who it is: the launch session's bearer token, an admin key, a paired device's token, or a
 * completion source's API key (a platform's server).
 */
export type EndpointAuth = 'session' | 'admin' | 'device' | 'source' | 'none';

export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express style (`:id`); the document writes `{id}`. */
  path: string;
  tag: string;
  summary: string;
  auth: EndpointAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A raw upload rather than JSON: its media types. */
  upload?: readonly string[];
  /** The success reply; absent when the endpoint answers a file. */
  reply?: z.ZodType;
  /** The media type of a file reply. */
  file?: string;
  status?: number;
}

/** Typed identity: a row is checked against Endpoint where it is written. */
export const endpoint = (row: Endpoint): Endpoint => row;
