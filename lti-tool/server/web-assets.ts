import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** The built web app (dist/web): the entry's script and styles, read once from Vite's manifest. */
export interface WebAssets {
  scripts: string[];
  styles: string[];
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  css?: string[];
}

export const WEB_DIST = join(import.meta.dirname, '../../dist/web');

export function loadWebAssets(distDir = WEB_DIST): WebAssets | undefined {
  const manifestPath = join(distDir, '.vite/manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) return undefined;
  return { scripts: [`/assets/${entry.file}`], styles: (entry.css ?? []).map((css) => `/assets/${css}`) };
}

/** Hashed file names never change content, so they are cached for a year. */
export function webAssetsRouter(distDir = WEB_DIST): Router {
  const router = Router();
  router.use(
    '/assets',
    express.static(distDir, {
      immutable: true,
      maxAge: '365d',
      index: false,
      dotfiles: 'ignore',
      setHeaders: (res) => res.setHeader('Cross-Origin-Resource-Policy', 'same-origin'),
    }),
  );
  return router;
}
