import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { standaloneOptions } from './standalone-options.mjs';
const r = await build({ ...standaloneOptions('/work/wt/elemthread'), write: false, metafile: true, logLevel: 'error' });
for (const [f,o] of Object.entries(r.metafile.outputs)) { console.log(f, o.bytes, o.imports.map(i=>i.kind+':'+i.path).join(' '));
  if (process.argv[2]) for (const [k,v] of Object.entries(o.inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,+process.argv[2])) console.log('   ',v.bytesInOutput,k) }
