import { PGlite } from '@electric-sql/pglite';
import { readdirSync } from 'node:fs';
const all = process.argv[2] === 'all';
const names = readdirSync('node_modules/@electric-sql/pglite/dist/contrib').filter(f => f.endsWith('.js')).map(f => f.slice(0,-3));
const t = performance.now();
const extensions = {};
if (all) for (const n of names) extensions[n] = (await import(`@electric-sql/pglite/contrib/${n}`))[n];
const ti = performance.now();
const db = await PGlite.create('/tmp/i13/d1', { extensions, startParams: ["--single","-F","-O","-j","-c","search_path=public","-c","exit_on_error=false","-c","log_checkpoints=false","-c","max_worker_processes=0","-c","max_parallel_workers=0","-c","max_parallel_workers_per_gather=0","-c","io_method=sync","-c","max_parallel_maintenance_workers=0", '-c','shared_buffers=16MB'] });
const tc = performance.now();
if (all) { await db.exec('create extension if not exists pg_trgm; create extension if not exists citext;'); }
await db.close();
console.log(all?'all':'none', 'import', Math.round(ti-t), 'create', Math.round(tc-ti), 'total', Math.round(performance.now()-t), Math.round(process.resourceUsage().maxRSS/1024), 'MB');
