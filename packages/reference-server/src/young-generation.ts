import { setFlagsFromString } from 'node:v8';

/** V8's own default for `--semi-space-growth-factor` (Node 20 and later). */
const DEFAULT_GROWTH_FACTOR = 2;

const GROWTH_FLAG = /--semi[-_]space[-_]growth[-_]factor/;

/**
 * Keeps V8's young generation at its initial size while the server starts, and lets it grow again
 * once started; returns the function that lets it grow. `main.ts` (the `hearth-server` bin) calls it
 * before loading the server; `startServer` from code leaves the heap to the embedding process.
 *
 * Why: V8 doubles the young generation whenever enough objects survive it, and almost everything a
 * start allocates survives (loaded modules, schemas, prepared statements). Left alone, a start grows
 * it from 1 MB to 8 MB per semi-space, and the 16 MB it then holds stay resident while the server is
 * idle (about 11 MB of idle RSS out of 85). Those objects are promoted either way: holding the size
 * turns a dozen scavenges of a start into some forty smaller ones. The cost comes with the first
 * load: the young generation grows back as V8 sees fit, which at 500 msg/s took about 12 s to reach
 * the 16 MB a start used to leave, with some thirty more (small) scavenges on the way; from then on
 * the process runs as before. An operator who prefers the young generation grown from the start
 * sets `--semi-space-growth-factor` (flag or `NODE_OPTIONS`, e.g. to V8's default of 2): a process
 * given that flag is left alone.
 */
export function holdYoungGenerationWhileStarting(): () => void {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => GROWTH_FLAG.test(arg));
  if (chosen) return () => {};
  setFlagsFromString('--semi-space-growth-factor=1');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  };
}
