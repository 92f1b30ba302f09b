#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { holdYoungGenerationWhileStarting } from './young-generation.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  const { helpText } = await import('./cli-help.js');
  process.stdout.write(helpText());
  process.exit(0);
}
if (argv.includes('--version') || argv.includes('-v')) {
  // The package's own package.json: one directory up from src/ and from dist/ alike.
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

// Before the server's modules load: loading them is most of what a start allocates.
const releaseYoungGeneration = holdYoungGenerationWhileStarting();
const { ConfigError, loadConfig } = await import('./config.js');
const { startServer } = await import('./server.js');

let config;
try {
  config = loadConfig(process.env, argv);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`hearth: ${error.message}\nRun hearth-server --help for every flag and variable.\n`);
  process.exit(2);
}

let server;
try {
  server = await startServer(config);
} catch (error) {
  // A database or Redis that cannot be reached, a port in use: one clear line, no stack trace.
  process.stderr.write(`hearth: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
releaseYoungGeneration();
process.stdout.write(`Hearth is running at ${server.url}\n`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`hearth: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
