import { svelte } from '@sveltejs/vite-plugin-svelte';
import { transform } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { type Plugin, defaultClientConditions, defineConfig, normalizePath } from 'vite';

/** The Hearth server that `vite` (dev) forwards to: the one `npm start` runs, unless HEARTH_URL says otherwise. */
const hearth = process.env.HEARTH_URL ?? 'http://localhost:8000';

export default defineConfig({
  plugins: [
    // Svelte knows <chat-…> for custom elements by the dash in their names: nothing to configure.
    svelte(),
    hearthFromSource(),
  ],
  // In this repository, the Hearth packages come from their TypeScript sources (their `source`
  // export condition): no build step first, and edits to packages/ show up at once.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    // The app talks to its own origin, as it does once built and served by Hearth itself; in
    // development these paths go on to the Hearth server. The Host header is kept, so the server
    // sees a same-origin request and needs no HEARTH_ORIGINS entry.
    proxy: {
      '/api': hearth,
      '/media': hearth,
      '/ws': { target: hearth, ws: true },
    },
  },
});

/**
 * Compiles the Hearth packages' sources with esbuild (the repository's compiler for them) before
 * Vite's own transform. The elements use standard decorators (`@property() accessor …`), which
 * Vite's transform (Oxc) leaves as they are and browsers cannot run yet. An app that installs the
 * published packages gets compiled JavaScript and needs neither this plugin nor the `source`
 * condition.
 */
function hearthFromSource(): Plugin {
  const packages = normalizePath(fileURLToPath(new URL('../../packages/', import.meta.url)));
  return {
    name: 'hearth-from-source',
    enforce: 'pre',
    async transform(code, id) {
      if (!id.startsWith(packages) || !id.endsWith('.ts')) return null;
      const result = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: 'external' });
      return { code: result.code, map: result.map };
    },
  };
}
